using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Solvers.Testing.DnsServers;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The whole setup, started once for the test collection, on loopback only: the DNS test tree (BIND9 primary for
/// <c>example.test.</c> with TSIG updates, Knot secondary, BIND9 resolver), the solver host with front-proxy
/// authentication, and two Pebbles: one validating against the tree's secondary, one asking the host's embedded DNS
/// server. Every process is stopped by its pid on dispose.
/// </summary>
public sealed class EndToEndEnvironment : IAsyncLifetime
{
    /// <summary>cert-manager's cluster resource namespace as its Helm chart sets it: where a ClusterIssuer's secrets live.</summary>
    public const string ResourceNamespace = "cert-manager";

    /// <summary>The Secret with the tree's TSIG key, and one with a wrong key of the same form.</summary>
    public const string TsigSecretName = "rfc2136-tsig";

    public const string BrokenTsigSecretName = "rfc2136-tsig-broken";

    public const string TsigSecretKey = "secret";

    /// <summary>The user and groups the kube-apiserver forwards for cert-manager's ServiceAccount.</summary>
    public const string CertManagerUser = "system:serviceaccount:cert-manager:cert-manager";

    private static readonly string[] _certManagerGroups = ["system:serviceaccounts", SolverHostServer.CertManagerGroup, "system:authenticated"];

    private DirectoryInfo? _root;
    private DnsTestTree? _tree;
    private EndToEndPki? _pki;
    private SolverHostServer? _host;
    private PebbleServer? _treePebble;
    private PebbleServer? _embeddedPebble;

    public DnsTestTree Tree => _tree ?? throw NotStarted();

    internal EndToEndPki Pki => _pki ?? throw NotStarted();

    internal SolverHostServer Host => _host ?? throw NotStarted();

    /// <summary>
    /// Pebble validating against ns2, the tree's Knot secondary, the server that gets a value last (by NOTIFY and IXFR
    /// from the primary): a value the host reports as propagated must be there. Not through the tree's resolver: the
    /// host's own propagation lookups (CNAME and SOA of the challenge name, right after the update) go to that resolver,
    /// which caches the secondary's NXDOMAIN for the zone's negative TTL, and a CA that shared it would see that instead
    /// of the value. A real CA has resolvers of its own.
    /// </summary>
    internal PebbleServer TreePebble => _treePebble ?? throw NotStarted();

    /// <summary>Pebble asking the host's embedded DNS server directly.</summary>
    internal PebbleServer EmbeddedPebble => _embeddedPebble ?? throw NotStarted();

    internal IssuanceTimings Timings { get; } = new();

    /// <summary>The primary's IPv4 endpoint, where RFC 2136 updates go.</summary>
    public IPEndPoint PrimaryEndpoint => Tree.Primary.First(e => e.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        foreach (var (program, package) in new[] { ("pebble", "pebble"), ("certbot", "certbot"), ("openssl", "openssl") })
        {
            Command.Require(program, package);
        }

        _root = Directory.CreateTempSubdirectory("solvers-e2e-");
        try
        {
            await StartAsync(_root.FullName, cancellationToken);
        }
        catch
        {
            // Whatever did start is stopped by its pid at once, not left to the end of the test process.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(string root, CancellationToken cancellationToken)
    {
        // IPv4 only: [::1]:53 is one address for the whole machine, and other trees may want it at the same time.
        _tree = await DnsTestTree.StartAsync(new DnsTestTreeOptions { Ipv6 = false }, cancellationToken);
        _pki = EndToEndPki.Create(Path.Combine(root, "pki"));

        var secrets = Path.Combine(root, "secrets");
        WriteSecret(secrets, TsigSecretName, _tree.TsigKey.Secret);
        // A well-formed secret that is not the key's: the primary rejects its signatures (BADSIG).
        WriteSecret(secrets, BrokenTsigSecretName, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        _host = await SolverHostServer.StartAsync(
            Path.Combine(root, "host-state"), secrets, _pki, PropagationFlags(_tree), cancellationToken);
        _treePebble = await PebbleServer.StartAsync(
            "pebble (DNS from the tree's secondary)", Path.Combine(root, "pebble-tree"), _pki, _tree.Secondary[0], cancellationToken);
        _embeddedPebble = await PebbleServer.StartAsync(
            "pebble (DNS from the embedded solver)", Path.Combine(root, "pebble-embedded"), _pki, _host.EmbeddedDns, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable?[] started = [_embeddedPebble, _treePebble, _host, _tree];
        (_embeddedPebble, _treePebble, _host, _tree) = (null, null, null, null);
        foreach (var disposable in started)
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        if (Interlocked.Exchange(ref _root, null) is { } root)
        {
            Timings.WriteReport(Path.Combine(AppContext.BaseDirectory, "TestResults", "issuance-timings.md"));
            // SOLVERS_E2E_KEEP=1 keeps certbot's logs, the certificates and the configs for a look.
            if (Environment.GetEnvironmentVariable("SOLVERS_E2E_KEEP") != "1")
            {
                root.Delete(recursive: true);
            }
        }
    }

    /// <summary>The hook's settings for <paramref name="solver"/>, calling as cert-manager through the kube-apiserver.</summary>
    internal HookSettings Hook(string solver, string? configJson) => new(
        Host.SolverUrl(solver),
        Pki.ServingCaFile,
        Pki.FrontProxyClient.CertificateFile,
        Pki.FrontProxyClient.KeyFile,
        CertManagerUser,
        _certManagerGroups,
        DnsTestTree.Zone,
        ResourceNamespace,
        configJson);

    /// <summary>The rfc2136 solver's config as a ClusterIssuer carries cert-manager's rfc2136 block.</summary>
    internal string Rfc2136Config(string secretName) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["nameserver"] = $"{PrimaryEndpoint.Address}:{PrimaryEndpoint.Port.ToString(CultureInfo.InvariantCulture)}",
        ["tsigKeyName"] = Tree.TsigKey.Name,
        ["tsigAlgorithm"] = "HMACSHA256",
        ["tsigSecretSecretRef"] = new Dictionary<string, string> { ["name"] = secretName, ["key"] = TsigSecretKey },
    });

    /// <summary>certbot's RFC 2136 plugin credentials for the same primary and key.</summary>
    internal Rfc2136Credentials PluginCredentials => new(PrimaryEndpoint, Tree.TsigKey);

    /// <summary>The file that holds a Secret's TSIG key in <c>--secrets-dir</c>.</summary>
    internal string SecretFile(string secretName) =>
        Path.Combine(_root!.FullName, "secrets", ResourceNamespace, secretName, TsigSecretKey);

    /// <summary>A fresh folder for one certbot run.</summary>
    internal string NewRunFolder(string label) =>
        Directory.CreateDirectory(Path.Combine(_root!.FullName, "runs", $"{label}-{Guid.NewGuid().ToString("N")[..8]}")).FullName;

    /// <summary>Pebble's root certificate written to a file, for <c>openssl verify</c>.</summary>
    internal static async Task<string> PebbleRootsFileAsync(PebbleServer pebble, string folder, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, "pebble-roots.pem");
        await File.WriteAllTextAsync(file, await pebble.GetRootsAsync(cancellationToken), cancellationToken);
        return file;
    }

    /// <summary>Everything worth reading when an issuance went wrong.</summary>
    internal string Diagnostics(CertbotRun run, PebbleServer pebble) =>
        $"{run.Result}\n--- certbot log ---\n{run.LogTail()}\n--- solver host ---\n{Tail(Host.Output)}\n--- {pebble.DnsServer} pebble ---\n{Tail(pebble.Output)}";

    /// <summary>
    /// The host's propagation check gets the tree's resolver and, with dedicated addresses, the authoritative port, so
    /// it asks ns1 and ns2 directly; without them (not root) it asks only the resolver. Never the system's resolver.
    /// </summary>
    private static string[] PropagationFlags(DnsTestTree tree)
    {
        var resolvers = "--dns01-recursive-nameservers=" + string.Join(',', tree.Resolver.Select(e => e.ToString()));
        return tree.AuthoritativePort is { } port
            ? [resolvers, $"--propagation-authoritative-port={port.ToString(CultureInfo.InvariantCulture)}"]
            : [resolvers, "--dns01-recursive-nameservers-only"];
    }

    private static void WriteSecret(string secretsDirectory, string name, string value)
    {
        var folder = Directory.CreateDirectory(Path.Combine(secretsDirectory, ResourceNamespace, name)).FullName;
        var file = Path.Combine(folder, TsigSecretKey);
        File.WriteAllText(file, value);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static string Tail(string output, int lines = 40)
    {
        var all = output.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private static InvalidOperationException NotStarted() => new("The end-to-end environment has not started.");
}

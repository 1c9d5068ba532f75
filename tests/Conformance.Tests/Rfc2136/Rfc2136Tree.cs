using System.Globalization;
using System.Net.Sockets;
using Solvers.Propagation;
using Solvers.Testing.DnsServers;

namespace Solvers.Conformance.Tests.Rfc2136;

/// <summary>One IPv4 test DNS tree (BIND9 primary for <c>example.test.</c> with a Knot secondary; Knot primary for
/// <c>knot.test.</c>) for the rfc2136 conformance classes, which run one after another on it.</summary>
public sealed class Rfc2136Tree : IAsyncLifetime
{
    public const string SecretName = "tsig";
    public const string SecretKey = "secret";

    private DnsTestTree? _tree;

    public DnsTestTree Tree => _tree ?? throw new InvalidOperationException("the tree has not started");

    public async ValueTask InitializeAsync() =>
        _tree = await DnsTestTree.StartAsync(new DnsTestTreeOptions { Ipv6 = false }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_tree is not null)
        {
            await _tree.DisposeAsync();
        }
    }

    /// <summary>The primary that takes updates for <paramref name="zone"/>.</summary>
    public static DnsTestServer PrimaryOf(string zone) => zone == DnsTestTree.KnotZone ? DnsTestServer.Secondary : DnsTestServer.Primary;

    /// <summary>cert-manager's rfc2136 block for the tree's key, sending updates to <paramref name="zone"/>'s primary.</summary>
    public string Config(string zone)
    {
        var server = Tree.EndpointsOf(PrimaryOf(zone))[0];
        var nameserver = server.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{server.Address}]:{server.Port}" : $"{server.Address}:{server.Port}";
        var algorithm = Tree.TsigKey.Algorithm.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return $$$"""
            {"nameserver": "{{{nameserver}}}", "tsigKeyName": "{{{Tree.TsigKey.Name}}}", "tsigAlgorithm": "{{{algorithm}}}",
             "tsigSecretSecretRef": {"name": "{{{SecretName}}}", "key": "{{{SecretKey}}}"}, "timeoutSeconds": 5}
            """;
    }

    /// <summary>What the kit observes through: the propagation checker on every authoritative server, found through
    /// the tree's resolver (never the system's).</summary>
    public ITxtLookup Lookup() => new AuthoritativeTxtLookup(new PropagationOptions
    {
        RecursiveNameservers = Tree.Resolver,
        AuthoritativePort = Tree.AuthoritativePort,
        QueryTimeout = TimeSpan.FromSeconds(2),
    });

    /// <summary>The zone's records from a transfer off its primary, without the SOA (its serial moves with every update).</summary>
    public IZoneSnapshot Snapshot(string zone) => ZoneSnapshot.FromDelegate(
        string.Create(CultureInfo.InvariantCulture, $"AXFR of {zone} from {Tree.EndpointsOf(PrimaryOf(zone))[0]}"),
        async ct => (await Tree.AxfrAsync(PrimaryOf(zone), zone, ct)).Where(r => r.Type != "SOA").Select(r => r.ToString()));

    public static IReadOnlyList<BadConfig> BadConfigs(string config) =>
    [
        new(Replace(config, "\"timeoutSeconds\": 5", "\"timeoutSeconds\": 99"), "timeoutSeconds"),
        new(Replace(config, "\"tsigAlgorithm\": \"", "\"tsigAlgorithm\": \"HMACNOPE"), "tsigAlgorithm"),
    ];

    private static System.Text.Json.JsonElement Replace(string config, string from, string to) =>
        System.Text.Json.JsonElement.Parse(config.Replace(from, to, StringComparison.Ordinal));
}

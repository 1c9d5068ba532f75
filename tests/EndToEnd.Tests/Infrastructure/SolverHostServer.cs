using System.Globalization;
using System.Net;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The solver host started as a process from its build output, as a cluster runs it behind the kube-apiserver:
/// front-proxy authentication only (the setup's front-proxy CA and allowed CN), cert-manager's ServiceAccount group
/// allowed, a serving certificate from the setup's serving CA, standalone secrets from <c>--secrets-dir</c>, the
/// embedded DNS server on a free loopback port, and propagation lookups sent only to the loopback servers given.
/// </summary>
internal sealed class SolverHostServer : IAsyncDisposable
{
    /// <summary>The host's default API group, which the issuers name in <c>dns01.webhook.groupName</c>.</summary>
    public const string GroupName = "acme.solvers.test";

    /// <summary>The group the kube-apiserver forwards for cert-manager's ServiceAccount, allowed without a
    /// SubjectAccessReview because there is no kube-apiserver to ask.</summary>
    public const string CertManagerGroup = "system:serviceaccounts:cert-manager";

    private readonly ChildProcess _process;

    private SolverHostServer(ChildProcess process, int port, IPEndPoint embeddedDns)
    {
        _process = process;
        Port = port;
        EmbeddedDns = embeddedDns;
    }

    public int Port { get; }

    /// <summary>The embedded solver's authoritative DNS server, e.g. 127.0.0.1:41235.</summary>
    public IPEndPoint EmbeddedDns { get; }

    public string Output => _process.Output;

    /// <summary>The webhook URL the kube-apiserver would proxy to for <paramref name="solver"/>.</summary>
    public Uri SolverUrl(string solver) => new($"https://127.0.0.1:{Port}/apis/{GroupName}/v1alpha1/{solver}");

    /// <summary>Starts the host and waits until <c>/readyz</c> answers; <paramref name="propagation"/> are the flags that give
    /// the propagation check loopback servers only.</summary>
    public static async Task<SolverHostServer> StartAsync(
        string stateDirectory, string secretsDirectory, EndToEndPki pki, IEnumerable<string> propagation,
        CancellationToken cancellationToken)
    {
        var port = LoopbackPorts.Free();
        var dnsPort = LoopbackPorts.Free();
        string[] arguments =
        [
            HostAssembly(),
            "--bind-address=127.0.0.1",
            $"--secure-port={port.ToString(CultureInfo.InvariantCulture)}",
            $"--tls-cert-file={pki.HostServing.CertificateFile}",
            $"--tls-private-key-file={pki.HostServing.KeyFile}",
            $"--requestheader-client-ca-file={pki.FrontProxyCaFile}",
            $"--requestheader-allowed-names={EndToEndPki.FrontProxyClientName}",
            "--requestheader-username-headers=X-Remote-User",
            "--requestheader-group-headers=X-Remote-Group",
            $"--authorization-always-allow-groups={CertManagerGroup}",
            $"--secrets-dir={secretsDirectory}",
            $"--state-dir={stateDirectory}",
            $"--embedded-dns-listen=127.0.0.1:{dnsPort.ToString(CultureInfo.InvariantCulture)}",
            .. propagation,
        ];

        // Nothing from the environment may point the host elsewhere (a cluster, another group, other settings).
        var process = ChildProcess.Start("solver host", "dotnet", arguments, Sanitized());
        var host = new SolverHostServer(process, port, new IPEndPoint(IPAddress.Loopback, dnsPort));
        try
        {
            await LoopbackPorts.WaitUntilOkAsync(
                new Uri($"https://127.0.0.1:{port}/readyz"), pki.ServingCaFile, process, TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The host's build output beside this project's: artifacts/bin/Solvers.SolverHost/&lt;configuration&gt;.</summary>
    private static string HostAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(output.Parent!.Parent!.FullName, "Solvers.SolverHost", output.Name, "Solvers.SolverHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the host first: {path} is missing", path);
    }

    private static Dictionary<string, string?> Sanitized()
    {
        var environment = new Dictionary<string, string?>();
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (key.StartsWith("Solvers__", StringComparison.OrdinalIgnoreCase)
                || key is "GROUP_NAME" or "KUBERNETES_SERVICE_HOST" or "KUBERNETES_SERVICE_PORT" or "KUBECONFIG")
            {
                environment[key] = null;
            }
        }

        return environment;
    }
}

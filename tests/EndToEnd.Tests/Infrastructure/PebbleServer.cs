using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Pebble, Let's Encrypt's test ACME server (Debian package <c>pebble</c>), on free loopback ports with its TLS
/// certificate from the setup's own CA. It validates DNS-01 for real, asking only the DNS server it is given
/// (<c>-dnsserver</c>); <c>PEBBLE_VA_ALWAYS_VALID</c> is never set.
/// </summary>
internal sealed class PebbleServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _caFile;

    private PebbleServer(ChildProcess process, int port, int managementPort, string caFile, IPEndPoint dnsServer)
    {
        _process = process;
        _caFile = caFile;
        DirectoryUrl = new Uri($"https://127.0.0.1:{port}/dir");
        ManagementUrl = new Uri($"https://127.0.0.1:{managementPort}/");
        DnsServer = dnsServer;
    }

    /// <summary>The ACME directory, e.g. https://127.0.0.1:41234/dir.</summary>
    public Uri DirectoryUrl { get; }

    public Uri ManagementUrl { get; }

    /// <summary>Where Pebble looks up <c>_acme-challenge</c> TXT records.</summary>
    public IPEndPoint DnsServer { get; }

    public string Output => _process.Output;

    /// <summary>Starts Pebble in <paramref name="directory"/> and waits until its directory answers.</summary>
    public static async Task<PebbleServer> StartAsync(
        string name, string directory, EndToEndPki pki, IPEndPoint dnsServer, CancellationToken cancellationToken)
    {
        var pebble = Command.Require("pebble", "pebble");
        Directory.CreateDirectory(directory);
        var port = LoopbackPorts.Free();
        var managementPort = LoopbackPorts.Free();
        var config = new Dictionary<string, object>
        {
            ["pebble"] = new Dictionary<string, object>
            {
                // Not the defaults 14000/15000, so that runs side by side (and a developer's own Pebble) do not collide.
                ["listenAddress"] = $"127.0.0.1:{port}",
                ["managementListenAddress"] = $"127.0.0.1:{managementPort}",
                ["certificate"] = pki.PebbleServing.CertificateFile,
                ["privateKey"] = pki.PebbleServing.KeyFile,
                // Only DNS-01 is used; these are where HTTP-01 and TLS-ALPN-01 would be checked.
                ["httpPort"] = LoopbackPorts.Free(),
                ["tlsPort"] = LoopbackPorts.Free(),
                ["ocspResponderURL"] = "",
                ["externalAccountBindingRequired"] = false,
            },
        };
        var configFile = Path.Combine(directory, "pebble-config.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config), cancellationToken);

        var environment = new Dictionary<string, string?>
        {
            // Validate at once instead of after a random 0-15 s sleep.
            ["PEBBLE_VA_NOSLEEP"] = "1",
            // Pebble rejects 5 % of valid nonces by default, to exercise clients' retries; the timings want none.
            ["PEBBLE_WFE_NONCEREJECT"] = "0",
            // Never reuse a valid authorization: every issuance proves every name again.
            ["PEBBLE_AUTHZREUSE"] = "0",
        };
        var process = ChildProcess.Start(
            name, pebble,
            ["-config", configFile, "-dnsserver", $"{dnsServer.Address}:{dnsServer.Port.ToString(CultureInfo.InvariantCulture)}"],
            environment);
        var server = new PebbleServer(process, port, managementPort, pki.PebbleCaFile, dnsServer);
        try
        {
            await LoopbackPorts.WaitUntilOkAsync(server.DirectoryUrl, pki.PebbleCaFile, process, TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Pebble's root and intermediate CA certificates (PEM), made anew at each start.</summary>
    public async Task<string> GetRootsAsync(CancellationToken cancellationToken)
    {
        using var client = LoopbackPorts.CreateClient(_caFile);
        return await client.GetStringAsync(new Uri(ManagementUrl, "roots/0"), cancellationToken);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Solvers.TestUtilities;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>Free ports on 127.0.0.1 and readiness polling of the HTTPS servers the setup starts.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port free for both TCP and UDP on 127.0.0.1 (the embedded DNS server takes both).</summary>
    public static int Free() => TestNetwork.FreePort();

    /// <summary>An HTTPS client that trusts only the CA in <paramref name="caFile"/> and checks the host name.</summary>
    public static HttpClient CreateClient(string caFile)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caFile);
        var handler = new SocketsHttpHandler
        {
            // Never a proxy from the environment: everything here is on loopback.
            UseProxy = false,
            SslOptions =
            {
                RemoteCertificateValidationCallback = TestNetwork.TrustOnly(authorities),
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200, failing at once when <paramref name="process"/> exits.</summary>
    public static async Task WaitUntilOkAsync(Uri url, string caFile, ChildProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = CreateClient(caFile);
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start-up.\n{process.Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(url, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{process.Name} did not answer {url} within {timeout.TotalSeconds:0} s (last: {last}).\n{process.Tail()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}

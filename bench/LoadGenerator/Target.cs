using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Solvers.Bench.LoadGenerator;

/// <summary>One server under load: its process, and an HTTP/1.1 client that keeps one connection per worker,
/// trusts only that server's certificate, and presents a client certificate where the server wants one.</summary>
internal sealed class Target : IAsyncDisposable
{
    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(60);

    private readonly X509Certificate2? _clientCertificate;

    private Target(string label, bool isHost, ServerProcess process, HttpClient client, CertificatePin pin, X509Certificate2? clientCertificate)
    {
        Label = label;
        IsHost = isHost;
        Process = process;
        Client = client;
        Pin = pin;
        _clientCertificate = clientCertificate;
    }

    public string Label { get; }

    /// <summary>The solver host, whose answers must say <c>"success":true</c>; otherwise the echoing baseline.</summary>
    public bool IsHost { get; }

    public ServerProcess Process { get; }

    public HttpClient Client { get; }

    public CertificatePin Pin { get; }

    /// <summary>Waits until <paramref name="process"/> serves: pins its certificate on the first handshake, then asks
    /// <c>/readyz</c> (the host) or sends a first request (the baseline).</summary>
    /// <param name="label">How the report names the target.</param>
    /// <param name="isHost">The solver host, rather than the baseline.</param>
    /// <param name="process">The server, just started.</param>
    /// <param name="connections">The most connections the client opens.</param>
    /// <param name="clientCertificateFiles">A PEM certificate and key to authenticate with, used if they exist once the
    /// server is listening (the host's development PKI is written before it listens, and not at all in other modes).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="BenchmarkException">The server exited or did not become ready in time.</exception>
    public static async Task<Target> ConnectAsync(
        string label,
        bool isHost,
        ServerProcess process,
        int connections,
        (string Certificate, string Key)? clientCertificateFiles,
        CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _readyTimeout;
        var pin = await RetryUntilAsync(process, deadline, () => CertificatePin.ReadAsync(process.Port, cancellationToken), cancellationToken);
        var clientCertificate = clientCertificateFiles is var (certificateFile, keyFile) && File.Exists(certificateFile) && File.Exists(keyFile)
            ? X509Certificate2.CreateFromPemFile(certificateFile, keyFile)
            : null;
        var client = CreateClient(process.Port, pin, clientCertificate, connections);
        var target = new Target(label, isHost, process, client, pin, clientCertificate);
        try
        {
            await RetryUntilAsync(process, deadline, target.CheckReadyAsync, cancellationToken);
            return target;
        }
        catch
        {
            client.Dispose();
            clientCertificate?.Dispose();
            throw;
        }
    }

    /// <summary>The subject of the client certificate presented, if any.</summary>
    public string? ClientCertificateSubject => _clientCertificate?.Subject;

    /// <summary>Why an answer is not the expected one, or <see langword="null"/> when it is: 201 and
    /// <c>"success":true</c> from the host, 201 and the same bytes from the baseline.</summary>
    public string? Check(HttpStatusCode status, byte[] sent, byte[] received)
    {
        if (status != HttpStatusCode.Created)
        {
            return FormattableString.Invariant($"{(int)status} {status}: {Preview(received)}");
        }

        if (IsHost)
        {
            // The host writes compact JSON, and the request part of the echo has no "success" field.
            return received.AsSpan().IndexOf("\"success\":true"u8) >= 0 ? null : $"201 without \"success\":true: {Preview(received)}";
        }

        return received.AsSpan().SequenceEqual(sent) ? null : $"201 with a body that is not the request's: {Preview(received)}";
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _clientCertificate?.Dispose();
        await Process.DisposeAsync();
    }

    private static HttpClient CreateClient(int port, CertificatePin pin, X509Certificate2? clientCertificate, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = pin.Validate,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri(FormattableString.Invariant($"https://127.0.0.1:{port}")),
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    private static async Task<T> RetryUntilAsync<T>(ServerProcess process, DateTime deadline, Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        string? lastError = null;
        while (true)
        {
            if (process.HasExited)
            {
                throw new BenchmarkException(
                    FormattableString.Invariant($"{process.Name} exited with {process.ExitCode} before it was ready; its log ({process.LogFile}) ends:\n{process.LogTail()}"));
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new BenchmarkException(
                    FormattableString.Invariant($"{process.Name} was not ready within {_readyTimeout.TotalSeconds} s ({lastError}); its log ({process.LogFile}) ends:\n{process.LogTail()}"));
            }

            try
            {
                return await attempt();
            }
            catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or HttpRequestException or NotReadyException)
            {
                lastError = ex.Message;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<bool> CheckReadyAsync()
    {
        if (IsHost)
        {
            using var response = await Client.GetAsync(new Uri("/readyz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK ? true : throw new NotReadyException(FormattableString.Invariant($"/readyz answered {(int)response.StatusCode}"));
        }

        var body = new ChallengeBodies().Next().Present;
        using var content = new ByteArrayContent(body);
        using var answer = await Client.PostAsync(new Uri(ChallengeBodies.Path, UriKind.Relative), content);
        var error = Check(answer.StatusCode, body, await answer.Content.ReadAsByteArrayAsync());
        return error is null ? true : throw new NotReadyException(error);
    }

    private static string Preview(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
        return body.Length > 300 ? text + "…" : text;
    }

    private sealed class NotReadyException(string message) : Exception(message);
}

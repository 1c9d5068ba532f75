using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Solvers.SolverHost.FunctionalTests.Infrastructure;

/// <summary>Sends one HTTP/1.1 request written by hand over TLS, for what HttpClient cannot say: the same header on
/// several lines, as the kube-apiserver's proxy sends one <c>X-Remote-Group</c> line per group.</summary>
public static class RawHttp
{
    public static async Task<(int Status, string Body)> SendAsync(
        Uri server, X509Certificate2Collection trust, X509Certificate2? clientCertificate, string method, string path, IEnumerable<(string Name, string Value)> headers, string body, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(trust);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = server.Host,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateChainPolicy = policy,
        }, cancellationToken);

        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new StringBuilder()
            .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append("Content-Length: ").Append(bytes.Length).Append("\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        request.Append("\r\n");
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellationToken);
        await tls.WriteAsync(bytes, cancellationToken);

        using var reader = new StreamReader(tls, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(cancellationToken);
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, split < 0 ? string.Empty : response[(split + 4)..]);
    }
}

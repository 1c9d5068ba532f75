using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Solvers.Bench.LoadGenerator;

/// <summary>Trusts exactly one certificate: the one a server presented on a first handshake to a process this program
/// started on 127.0.0.1 (trust on first use). Both servers' certificates are self-signed, so the chain cannot be
/// checked, but the name (127.0.0.1) still must match.</summary>
internal sealed class CertificatePin
{
    private readonly byte[] _sha256;

    private CertificatePin(byte[] sha256) => _sha256 = sha256;

    /// <summary>The SHA-256 of the pinned certificate, in hex.</summary>
    public string Thumbprint => Convert.ToHexString(_sha256);

    /// <summary>Handshakes with 127.0.0.1:<paramref name="port"/> and pins the certificate it serves.</summary>
    /// <exception cref="SocketException">Nothing listens there yet.</exception>
    /// <exception cref="IOException">The connection broke during the handshake.</exception>
    /// <exception cref="AuthenticationException">The handshake failed.</exception>
    public static async Task<CertificatePin> ReadAsync(int port, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        byte[]? seen = null;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = IPAddress.Loopback.ToString(),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,

                // The first use: remember what is served; every later handshake must present the same certificate.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    seen = certificate?.GetCertHash(HashAlgorithmName.SHA256);
                    return seen is not null;
                },
            },
            cancellationToken);
        return new CertificatePin(seen ?? throw new AuthenticationException($"127.0.0.1:{port} presented no certificate"));
    }

    /// <summary>A <see cref="RemoteCertificateValidationCallback"/> that accepts only the pinned certificate, and only
    /// for the name it was issued to.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null
        && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
        && CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), _sha256);
}

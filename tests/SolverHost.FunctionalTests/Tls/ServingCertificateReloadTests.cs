using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Solvers.SolverHost.FunctionalTests.Infrastructure;
using Solvers.SolverHost.Tls;

namespace Solvers.SolverHost.FunctionalTests.Tls;

/// <summary>cert-manager rotates the serving certificate in place; the host must pick up new files without a restart
/// and keep serving the old certificate while the files are half-written.</summary>
public sealed class ServingCertificateReloadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Handshake_AfterFilesChange_PresentsTheNewCertificate()
    {
        var dir = Directory.CreateTempSubdirectory("solvers-tls-");
        try
        {
            var certFile = Path.Combine(dir.FullName, "tls.crt");
            var keyFile = Path.Combine(dir.FullName, "tls.key");
            var first = WriteCertificate(certFile, keyFile, "first");
            await using var host = await InProcessHost.StartAsync($"--tls-cert-file={certFile}", $"--tls-private-key-file={keyFile}");

            Assert.Equal(first, await ServedThumbprintAsync(host.BaseAddress));

            // A half-written rotation (garbage key) must not take the server down or replace the certificate.
            await File.WriteAllTextAsync(keyFile, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n", Ct);
            await Task.Delay(300, Ct);
            Assert.Equal(first, await ServedThumbprintAsync(host.BaseAddress));

            var second = WriteCertificate(certFile, keyFile, "second");
            var deadline = DateTime.UtcNow.AddSeconds(15);
            string served;
            while ((served = await ServedThumbprintAsync(host.BaseAddress)) != second && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, Ct);
            }

            Assert.Equal(second, served);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Handshake_WithClientCertificate_IsAcceptedWithoutVerification()
    {
        // The TLS layer requests a client certificate but never refuses one; authentication judges it.
        await using var host = await InProcessHost.StartAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var clientCertificate = new CertificateRequest("CN=front-proxy-client", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port, Ct);
        var served = host.App.Services.GetRequiredService<ServingCertificateProvider>().Current.TargetCertificate.GetCertHashString();
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate?.GetCertHashString() == served);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [clientCertificate],
        }, Ct);

        Assert.True(tls.IsAuthenticated);
        Assert.True(tls.IsMutuallyAuthenticated);
    }

    private static string WriteCertificate(string certFile, string keyFile, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        return certificate.GetCertHashString();
    }

    private static async Task<string> ServedThumbprintAsync(Uri address)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, Ct);
        string? thumbprint = null;
#pragma warning disable CA5359 // This only records which certificate is served; nothing is sent over the connection.
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            thumbprint = certificate?.GetCertHashString();
            return true;
        });
#pragma warning restore CA5359
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, Ct);
        return thumbprint!;
    }
}

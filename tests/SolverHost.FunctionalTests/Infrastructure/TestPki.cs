using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Solvers.SolverHost.FunctionalTests.Infrastructure;

/// <summary>A throwaway CA and a serving certificate for 127.0.0.1/localhost, written as PEM files, so clients
/// (kubectl, the Python client) verify the host's certificate for real.</summary>
public sealed class TestPki : IDisposable
{
    private readonly DirectoryInfo _dir = System.IO.Directory.CreateTempSubdirectory("solvers-pki-");

    public TestPki()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=solvers-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=solver-host", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), [1, 2, 3, 4, 5, 6, 7, 8]);

        CaFile = Path.Combine(_dir.FullName, "ca.crt");
        CertFile = Path.Combine(_dir.FullName, "tls.crt");
        KeyFile = Path.Combine(_dir.FullName, "tls.key");
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        File.WriteAllText(CertFile, server.ExportCertificatePem());
        File.WriteAllText(KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        CaThumbprint = ca.GetCertHashString();
        ServerThumbprint = server.GetCertHashString();
    }

    public string Directory => _dir.FullName;

    public string CaFile { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    public string CaThumbprint { get; }

    public string ServerThumbprint { get; }

    public void Dispose() => _dir.Delete(recursive: true);
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Solvers.SolverHost.Tls;

/// <summary>The standalone development PKI, kept in the state folder and reused across starts: a CA that signs the
/// serving certificate and a client certificate in group <c>system:masters</c>, and a front-proxy CA with a
/// <c>front-proxy-client</c> certificate, to try the path the kube-apiserver's aggregator takes.</summary>
internal sealed class DevelopmentPki
{
    public const string FrontProxyClientName = "front-proxy-client";
    public const string ClientName = "solvers-developer";
    public const string ClientGroup = "system:masters";

    private static readonly TimeSpan _renewBefore = TimeSpan.FromDays(30);

    private DevelopmentPki(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public string ServingCertFile => Path.Combine(Directory, "serving.crt");

    public string ServingKeyFile => Path.Combine(Directory, "serving.key");

    public string ClientCertFile => Path.Combine(Directory, "client.crt");

    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    public string FrontProxyCaFile => Path.Combine(Directory, "front-proxy-ca.crt");

    public string FrontProxyClientCertFile => Path.Combine(Directory, "front-proxy-client.crt");

    public string FrontProxyClientKeyFile => Path.Combine(Directory, "front-proxy-client.key");

    /// <summary>Uses the PKI in <paramref name="directory"/>, creating or renewing it when needed.</summary>
    public static DevelopmentPki Ensure(string directory, IPAddress bindAddress)
    {
        var pki = new DevelopmentPki(Path.GetFullPath(directory));
        if (!pki.IsUsable(bindAddress))
        {
            pki.Create(bindAddress);
        }

        return pki;
    }

    private bool IsUsable(IPAddress bindAddress)
    {
        string[] files = [CaFile, ServingCertFile, ServingKeyFile, ClientCertFile, ClientKeyFile, FrontProxyCaFile, FrontProxyClientCertFile, FrontProxyClientKeyFile];
        if (!files.All(File.Exists))
        {
            return false;
        }

        try
        {
            var renewAfter = DateTime.UtcNow + _renewBefore;
            foreach (var file in new[] { CaFile, ServingCertFile, ClientCertFile, FrontProxyCaFile, FrontProxyClientCertFile })
            {
                using var certificate = X509CertificateLoader.LoadCertificateFromFile(file);
                if (certificate.NotAfter.ToUniversalTime() < renewAfter)
                {
                    return false;
                }
            }

            using var serving = X509CertificateLoader.LoadCertificateFromFile(ServingCertFile);
            return bindAddress.Equals(IPAddress.Loopback) || bindAddress.Equals(IPAddress.IPv6Loopback) || serving.MatchesHostname(bindAddress.ToString());
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private void Create(IPAddress bindAddress)
    {
        System.IO.Directory.CreateDirectory(Directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa("solvers development CA", caKey, now);
        using var frontProxyCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var frontProxyCa = CreateCa("solvers development front-proxy CA", frontProxyCaKey, now);

        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (!bindAddress.Equals(IPAddress.Loopback) && !bindAddress.Equals(IPAddress.IPv6Loopback))
        {
            names.AddIpAddress(bindAddress);
        }

        WriteLeaf(ca, "CN=solver-host", names.Build(), "1.3.6.1.5.5.7.3.1", ServingCertFile, ServingKeyFile, now);
        WriteLeaf(ca, $"CN={ClientName}, O={ClientGroup}", null, "1.3.6.1.5.5.7.3.2", ClientCertFile, ClientKeyFile, now);
        WriteLeaf(frontProxyCa, $"CN={FrontProxyClientName}", null, "1.3.6.1.5.5.7.3.2", FrontProxyClientCertFile, FrontProxyClientKeyFile, now);
        File.WriteAllText(CaFile, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(FrontProxyCaFile, frontProxyCa.ExportCertificatePem() + "\n");
    }

    private static X509Certificate2 CreateCa(string name, ECDsa key, DateTimeOffset now)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(2));
    }

    private static void WriteLeaf(X509Certificate2 issuer, string subject, X509Extension? names, string usage, string certFile, string keyFile, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var certificate = request.Create(issuer, now.AddMinutes(-5), now.AddYears(1), RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(certFile, certificate.ExportCertificatePem() + "\n");
    }
}

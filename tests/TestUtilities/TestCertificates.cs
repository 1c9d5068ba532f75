using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Solvers.TestUtilities;

/// <summary>Throwaway certificate authorities and leaf certificates (ECDSA P-256 unless asked otherwise), made with
/// System.Security.Cryptography only. Every certificate returned carries its private key.</summary>
/// <example><code>
/// using var ca = TestCertificates.CreateCa("front-proxy-ca");
/// using var client = TestCertificates.Leaf(ca).WithCommonName("front-proxy-client").WithUsage(CertificateUsage.ClientAuth).Build();
/// File.WriteAllText(path, ca.ToPem());
/// </code></example>
public static class TestCertificates
{
    /// <summary>A self-signed CA (or, with <paramref name="issuer"/>, an intermediate CA signed by it).
    /// Valid from an hour ago for 30 days unless given.</summary>
    public static X509Certificate2 CreateCa(string commonName, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, X509Certificate2? issuer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        var now = DateTimeOffset.UtcNow;
        var from = notBefore ?? now.AddHours(-1);
        var to = notAfter ?? now.AddDays(30);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        var request = new CertificateRequest(builder.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        if (issuer is null)
        {
            return ReloadIfNeeded(request.CreateSelfSigned(from, to));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var signed = Sign(request, issuer, from, to);
        return ReloadIfNeeded(signed.CopyWithPrivateKey(key));
    }

    /// <summary>Starts a leaf certificate signed by <paramref name="issuer"/> (which must carry its private key).</summary>
    public static LeafCertificateBuilder Leaf(X509Certificate2 issuer) => new(issuer);

    /// <summary>A serverAuth certificate for the given DNS names and IP addresses (each also a SAN).</summary>
    public static X509Certificate2 CreateServerCertificate(X509Certificate2 issuer, params string[] hostNames)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        return Leaf(issuer)
            .WithCommonName(hostNames.Length > 0 ? hostNames[0] : "server")
            .WithUsage(CertificateUsage.ServerAuth)
            .WithSubjectAlternativeNames(hostNames)
            .Build();
    }

    /// <summary>A clientAuth certificate; Kubernetes reads the user from CN and the groups from the O values.</summary>
    public static X509Certificate2 CreateClientCertificate(X509Certificate2 issuer, string commonName, params string[] organizations) =>
        Leaf(issuer).WithCommonName(commonName).WithOrganizations(organizations).WithUsage(CertificateUsage.ClientAuth).Build();

    /// <summary>Signs without .NET's check that the validity lies inside the issuer's, so expired and
    /// not-yet-valid leaves can be made from a CA that is valid now.</summary>
    internal static X509Certificate2 Sign(CertificateRequest request, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;   // a positive INTEGER
        serial[0] |= 0x01;   // and no leading zero byte

        if (issuer.GetECDsaPrivateKey() is { } ecdsa)
        {
            using (ecdsa)
            {
                return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(ecdsa), notBefore, notAfter, serial);
            }
        }

        if (issuer.GetRSAPrivateKey() is { } rsa)
        {
            using (rsa)
            {
                return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
            }
        }

        throw new ArgumentException("the issuer certificate must carry an ECDSA or RSA private key", nameof(issuer));
    }

    /// <summary>Windows' TLS stack (SChannel) cannot use ephemeral keys; a PKCS#12 round trip gives a persisted one.
    /// Elsewhere the certificate is returned as is. Takes ownership of <paramref name="certificate"/>.</summary>
    internal static X509Certificate2 ReloadIfNeeded(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null, X509KeyStorageFlags.Exportable);
        }
    }
}

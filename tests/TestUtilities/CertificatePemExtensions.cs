using System.Security.Cryptography.X509Certificates;

namespace Solvers.TestUtilities;

/// <summary>PEM export of test certificates. Each block ends with a newline, as Go's <c>pem.Encode</c> writes it.</summary>
public static class CertificatePemExtensions
{
    /// <summary>The certificate as one <c>CERTIFICATE</c> PEM block.</summary>
    public static string ToPem(this X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>Several certificates concatenated, e.g. a CA bundle.</summary>
    public static string ToPemBundle(this IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        return string.Concat(certificates.Select(c => c.ToPem()));
    }

    /// <summary>The private key as a PKCS#8 <c>PRIVATE KEY</c> PEM block.</summary>
    public static string KeyToPem(this X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.GetECDsaPrivateKey() is { } ecdsa)
        {
            using (ecdsa)
            {
                return ecdsa.ExportPkcs8PrivateKeyPem() + "\n";
            }
        }

        if (certificate.GetRSAPrivateKey() is { } rsa)
        {
            using (rsa)
            {
                return rsa.ExportPkcs8PrivateKeyPem() + "\n";
            }
        }

        throw new InvalidOperationException($"certificate {certificate.Subject} carries no ECDSA or RSA private key");
    }

    /// <summary>Writes <c>{name}.crt</c> and <c>{name}.key</c> (mode 0600 on Unix) into <paramref name="directory"/>.</summary>
    public static PemFiles WritePemFiles(this X509Certificate2 certificate, string directory, string name)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);

        Directory.CreateDirectory(directory);
        var certificateFile = Path.Combine(directory, name + ".crt");
        var keyFile = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificateFile, certificate.ToPem());
        File.WriteAllText(keyFile, certificate.KeyToPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new PemFiles(certificateFile, keyFile);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Solvers.SolverHost.Security;

/// <summary>Verifies a client certificate against one CA bundle, as Go's x509 authenticator does: the chain must end
/// in the bundle, every certificate must be valid now, and the leaf must allow client authentication.</summary>
internal static class ClientCertificateVerifier
{
    private static readonly Oid _clientAuth = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Null when valid, else why not (for logs and the 401 message; no secrets in it).</summary>
    public static string? Verify(X509Certificate2 certificate, X509Certificate2Collection authorities, DateTime now)
    {
        if (authorities.Count == 0)
        {
            return "no CA is configured";
        }

        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return $"client certificate \"{certificate.Subject}\" is not valid now (valid {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u})";
        }

        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (usages is not null && !usages.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == _clientAuth.Value))
        {
            return $"client certificate \"{certificate.Subject}\" is not for client authentication (extended key usage)";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.ToLocalTime();
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(_clientAuth);
        try
        {
            if (chain.Build(certificate))
            {
                return null;
            }
        }
        catch (CryptographicException ex)
        {
            return $"client certificate \"{certificate.Subject}\" could not be verified: {ex.Message}";
        }

        var problems = chain.ChainStatus.Select(s => s.Status).Distinct().Select(s => s.ToString());
        return $"client certificate \"{certificate.Subject}\" is not signed by a trusted CA ({string.Join(", ", problems)})";
    }

    /// <summary>The subject's CommonName, as Go reads it.</summary>
    public static string CommonName(X509Certificate2 certificate) => certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>Every Organization (O) of the subject, in order.</summary>
    public static IReadOnlyList<string> Organizations(X509Certificate2 certificate) =>
        [.. certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.10")
            .Select(rdn => rdn.GetSingleElementValue())
            .OfType<string>()];
}

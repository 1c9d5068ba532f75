using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Solvers.SolverHost.FunctionalTests.Infrastructure;

/// <summary>HTTPS clients that verify the server for real (chain to a given CA, host name) and may present a client
/// certificate.</summary>
public static class TestClients
{
    public static HttpClient Create(string caFile, string? clientCertFile = null, string? clientKeyFile = null, Version? version = null)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caFile);
        return Create(authorities, clientCertFile is null ? null : X509Certificate2.CreateFromPemFile(clientCertFile, clientKeyFile), version);
    }

    public static HttpClient Create(X509Certificate2Collection authorities, X509Certificate2? clientCertificate, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Verify(certificate, chain, errors, authorities) },
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return new HttpClient(handler)
        {
            DefaultRequestVersion = version ?? System.Net.HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    private static bool Verify(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}

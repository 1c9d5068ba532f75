using System.Security.Cryptography.X509Certificates;
using Solvers.TestUtilities;

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
            SslOptions = { RemoteCertificateValidationCallback = TestNetwork.TrustOnly(authorities) },
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
}

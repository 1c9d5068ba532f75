using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Hosting;
using Solvers.SolverHost.Tls;

namespace Solvers.SolverHost.Tests.Diagnostics;

public sealed class ServingCertificateMetricsTests : IDisposable
{
    private const string Series = "solvers_serving_certificate_expiration_timestamp_seconds";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("solvers-cert-metric-");

    [Fact]
    public async Task Reload_RotatedCertificate_ExposesTheNewExpiry()
    {
        var first = new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var second = new DateTimeOffset(2027, 6, 1, 8, 30, 0, TimeSpan.Zero);
        var (certFile, keyFile) = Write(first);
        var metrics = new SolverMetrics();
        using var provider = Create(metrics, certFile, keyFile);

        Assert.Equal(first.ToUnixTimeSeconds(), MetricsText.Sample(await MetricsText.ExportAsync(metrics.Registry), Series));

        Write(second);
        provider.Reload();

        Assert.Equal(second.ToUnixTimeSeconds(), MetricsText.Sample(await MetricsText.ExportAsync(metrics.Registry), Series));
    }

    [Fact]
    public async Task Create_WithoutFiles_ExposesTheSelfSignedExpiry()
    {
        var metrics = new SolverMetrics();
        using var provider = Create(metrics, certFile: null, keyFile: null);

        var expected = new DateTimeOffset(provider.Current.TargetCertificate.NotAfter.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal(expected, MetricsText.Sample(await MetricsText.ExportAsync(metrics.Registry), Series));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static ServingCertificateProvider Create(SolverMetrics metrics, string? certFile, string? keyFile) => new(
        Options.Create(new SolverHostOptions { GroupName = "acme.example.com", TlsCertFile = certFile, TlsPrivateKeyFile = keyFile, TlsReloadInterval = TimeSpan.FromHours(1) }),
        new FakeTimeProvider(),
        NullLogger<ServingCertificateProvider>.Instance,
        metrics);

    private (string CertFile, string KeyFile) Write(DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=solvers.solvers.svc", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(notAfter.AddDays(-90), notAfter);
        var certFile = Path.Combine(_dir.FullName, "tls.crt");
        var keyFile = Path.Combine(_dir.FullName, "tls.key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Solvers.SolverHost.Hosting;
using Solvers.TestUtilities;
using Solvers.Testing.Cloudflare;

namespace Solvers.Providers.Cloudflare.Tests;

/// <summary>The real solver host (Kestrel, HTTPS, development PKI, <c>--secrets-dir</c>) in this process with the
/// cloudflare solver registered as Program.cs registers it, pointed at a <see cref="FakeCloudflareApi"/> through the
/// host option <c>Solvers:Providers:Cloudflare:BaseUrl</c>. The fake serves no DNS, so Present does not wait for
/// propagation here (<c>--propagation-skip-solvers=cloudflare</c>).</summary>
internal sealed class TestHost : IAsyncDisposable
{
    public const string Group = "acme.solvers.test";
    public const string Namespace = "cert-manager";

    private readonly WebApplication _app;
    private readonly DirectoryInfo _stateDir;
    private readonly DirectoryInfo _secretsDir;
    private readonly HttpClient _client;

    private TestHost(WebApplication app, Uri baseAddress, DirectoryInfo stateDir, DirectoryInfo secretsDir, CapturedLogs logs)
    {
        _app = app;
        _stateDir = stateDir;
        _secretsDir = secretsDir;
        Logs = logs;
        _client = CreateClient(baseAddress, stateDir);
    }

    public CapturedLogs Logs { get; }

    public static async Task<TestHost> StartAsync(FakeCloudflareApi fake, IDictionary<string, string?>? settings = null, params string[] extraArgs)
    {
        var stateDir = Directory.CreateTempSubdirectory("solvers-state-");
        var secretsDir = Directory.CreateTempSubdirectory("solvers-secrets-");
        string[] args =
        [
            "--secure-port=0",
            $"--group-name={Group}",
            $"--state-dir={stateDir.FullName}",
            $"--secrets-dir={secretsDir.FullName}",
            "--propagation-skip-solvers=cloudflare",
            "--dns01-recursive-nameservers=127.0.0.1:9",
            "--embedded-dns-listen=127.0.0.1:0",
            .. extraArgs,
        ];
        var builder = SolverHostBuilder.CreateBuilder(args);
        var configuration = new Dictionary<string, string?>
        {
            [CloudflareSolver.ConfigurationSection + ":BaseUrl"] = fake.BaseUrl.AbsoluteUri,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[CloudflareSolver.ConfigurationSection + ":" + key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);

        builder.Services.AddSolverHost(builder.Configuration).AddCloudflare();

        // Trust the fake's CA for the solver's HTTP client only.
        builder.Services.AddHttpClient(CloudflareSolver.HttpClientName).ConfigurePrimaryHttpMessageHandler(fake.CreateTrustingHandler);
        var app = builder.Build();
        app.MapSolverApi();
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            stateDir.Delete(recursive: true);
            secretsDir.Delete(recursive: true);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHost(app, new Uri(address), stateDir, secretsDir, logs);
    }

    /// <summary>Writes <c>&lt;secrets-dir&gt;/&lt;namespace&gt;/&lt;name&gt;/&lt;key&gt;</c>, byte for byte.</summary>
    public void WriteSecret(string name, string key, string value, string resourceNamespace = Namespace)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_secretsDir.FullName, resourceNamespace, name));
        File.WriteAllBytes(Path.Combine(folder.FullName, key), Encoding.UTF8.GetBytes(value));
    }

    public Task<SolverAnswer> PresentAsync(string config, string fqdn, string zone, string key, CancellationToken cancellationToken = default) =>
        CallAsync("Present", config, fqdn, zone, key, cancellationToken);

    public Task<SolverAnswer> CleanUpAsync(string config, string fqdn, string zone, string key, CancellationToken cancellationToken = default) =>
        CallAsync("CleanUp", config, fqdn, zone, key, cancellationToken);

    /// <summary>Sends a ChallengePayload as cert-manager does and reads the answer's success and message.</summary>
    public async Task<SolverAnswer> CallAsync(string action, string config, string fqdn, string zone, string key, CancellationToken cancellationToken = default)
    {
        var dnsName = fqdn.TrimEnd('.').Replace("_acme-challenge.", string.Empty, StringComparison.Ordinal);
        var payload = $$$"""{"apiVersion":"webhook.acme.cert-manager.io/v1alpha1","kind":"ChallengePayload","request":{"uid":"","action":"{{{action}}}","type":"dns-01","dnsName":"{{{dnsName}}}","key":"{{{key}}}","resourceNamespace":"{{{Namespace}}}","resolvedFQDN":"{{{fqdn}}}","resolvedZone":"{{{zone}}}","allowAmbientCredentials":false,"config":{{{config}}}}}""";
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync($"/apis/{Group}/v1alpha1/cloudflare", content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        var answer = document.RootElement.GetProperty("response");
        var message = answer.TryGetProperty("status", out var status) && status.TryGetProperty("message", out var m) ? m.GetString() : null;
        return new SolverAnswer(answer.GetProperty("success").GetBoolean(), message);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stateDir.Delete(recursive: true);
        _secretsDir.Delete(recursive: true);
    }

    private static HttpClient CreateClient(Uri baseAddress, DirectoryInfo stateDir)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(Path.Combine(stateDir.FullName, "ca.crt"));
        var clientCertificate = X509Certificate2.CreateFromPemFile(Path.Combine(stateDir.FullName, "client.crt"), Path.Combine(stateDir.FullName, "client.key"));
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions =
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = TestNetwork.TrustOnly(authorities),
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromMinutes(2),
        };
    }
}

/// <summary>The <c>response</c> of a ChallengePayload answer.</summary>
internal sealed record SolverAnswer(bool Success, string? Message);

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Solvers.Conformance.Tests.Cloudflare;
using Solvers.Conformance.Tests.Reference;
using Solvers.Providers.Cloudflare;
using Solvers.Providers.Embedded;
using Solvers.SolverHost.Hosting;

[assembly: AssemblyFixture(typeof(Solvers.Conformance.Tests.Host.SolverHostFixture))]

namespace Solvers.Conformance.Tests.Host;

/// <summary>The real host (Kestrel, HTTPS, authentication, the whole pipeline) in this process on loopback, serving
/// the embedded, rfc2136 and cloudflare (on a fake API) solvers, the reference provider (<c>memory</c>, with a secret from <c>--secrets-dir</c>) and a broken
/// one (<c>broken</c>, replaces values). One for all the over-the-wire tests.</summary>
public sealed class SolverHostFixture : IAsyncLifetime
{
    public const string Group = "acme.solvers.test";
    public const string Zone = "example.test.";
    public const string SecretsNamespace = "conformance";
    public const string Token = "host-reference-token-81d0";

    private readonly DirectoryInfo _stateDir = Directory.CreateTempSubdirectory("solvers-conformance-state-");
    private readonly DirectoryInfo _secretsDir = Directory.CreateTempSubdirectory("solvers-conformance-secrets-");
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public IPEndPoint EmbeddedDns { get; private set; } = null!;

    public InMemoryDnsProvider Memory { get; } = new(new InMemoryZone(Zone), Token);

    /// <summary>The fake Cloudflare API the host's cloudflare solver is pointed at; the in-process tests use it too.</summary>
    public CloudflareFake Cloudflare { get; } = new();

    public string PkiFile(string name) => Path.Combine(_stateDir.FullName, name);

    /// <summary>Writes a Secret key into the host's <c>--secrets-dir</c>, in <see cref="SecretsNamespace"/>.</summary>
    public async Task WriteSecretAsync(string name, string key, string value)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_secretsDir.FullName, SecretsNamespace, name));
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, key), value);
    }

    /// <summary>Settings for <paramref name="solver"/> on this host, authenticated with the development client certificate.</summary>
    public WebhookSettings Settings(string solver, string? config = null) => new()
    {
        Url = BaseAddress,
        GroupName = Group,
        SolverName = solver,
        Zone = Zone,
        Config = config is null ? null : System.Text.Json.JsonElement.Parse(config),
        ResourceNamespace = SecretsNamespace,
        CaFile = PkiFile("ca.crt"),
        ClientCertificateFile = PkiFile("client.crt"),
        ClientKeyFile = PkiFile("client.key"),
        Dns = new WebhookSettings.DnsSettings { Server = EmbeddedDns.ToString() },
        PropagationTimeoutSeconds = 5,
    };

    public async ValueTask InitializeAsync()
    {
        await WriteSecretAsync(InMemoryDnsProvider.SecretName, InMemoryDnsProvider.SecretKey, Token);
        await Cloudflare.InitializeAsync();
        await WriteSecretAsync(CloudflareFake.SecretName, CloudflareFake.SecretKey, CloudflareFake.Token);

        string[] args =
        [
            "--secure-port=0",
            $"--group-name={Group}",
            $"--state-dir={_stateDir.FullName}",
            $"--secrets-dir={_secretsDir.FullName}",
            "--embedded-dns-listen=127.0.0.1:0",
            $"--embedded-dns-zones={Zone}",
            "--propagation-skip-solvers=embedded,memory,broken,rfc2136,cloudflare",
            // Propagation lookups never leave loopback, even if a solver stops being skipped.
            "--dns01-recursive-nameservers=127.0.0.1:9",
        ];
        var builder = SolverHostBuilder.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection([new(CloudflareSolver.ConfigurationSection + ":BaseUrl", Cloudflare.Api.BaseUrl.AbsoluteUri)]);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Memory);
        builder.Services.AddSingleton(new BrokenDnsProvider(new InMemoryZone(Zone), Fault.ReplacesAllValues));
        builder.Services.AddSolverHost(builder.Configuration)
            .AddEmbeddedDns()
            .AddRfc2136()
            .AddCloudflare()
            .AddDnsProvider<InMemoryDnsProvider, InMemoryConfig>()
            .AddDnsProvider<BrokenDnsProvider, InMemoryConfig>();

        // Trust the fake's CA for the solver's HTTP client only.
        builder.Services.AddHttpClient(CloudflareSolver.HttpClientName).ConfigurePrimaryHttpMessageHandler(Cloudflare.Api.CreateTrustingHandler);
        _app = builder.Build();
        _app.MapSolverApi();
        await _app.StartAsync(TestContext.Current.CancellationToken);

        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var embedded = _app.Services.GetRequiredService<EmbeddedDnsProvider>();
        for (var i = 0; embedded.EndPoint is null && i < 100; i++)
        {
            // The host starts the provider in the background; /readyz waits for the same thing.
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        EmbeddedDns = embedded.EndPoint ?? throw new InvalidOperationException("the embedded DNS server did not start");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        await Cloudflare.DisposeAsync();
        _stateDir.Delete(recursive: true);
        _secretsDir.Delete(recursive: true);
    }
}

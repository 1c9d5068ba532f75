using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Solvers.Abstractions;
using Solvers.Conformance.Tests.Host;
using Solvers.Providers.Cloudflare;

namespace Solvers.Conformance.Tests.Cloudflare;

/// <summary>The kit in-process against the cloudflare provider, registered as the host registers it and pointed at
/// the fake API; records are observed in the fake's state, as the API lists them.</summary>
public sealed class CloudflareConformanceTests(SolverHostFixture host) : DnsProviderConformanceTests<CloudflareDnsProvider, CloudflareConfig>
{
    private ServiceProvider? _services;

    protected override string Zone => CloudflareFake.Zone;

    protected override string? Config => CloudflareFake.Config;

    protected override ValueTask<CloudflareDnsProvider> CreateProviderAsync(CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        new Builder(services).AddCloudflare(options => options.BaseUrl = host.Cloudflare.Api.BaseUrl);
        services.AddHttpClient(CloudflareSolver.HttpClientName).ConfigurePrimaryHttpMessageHandler(host.Cloudflare.Api.CreateTrustingHandler);
        _services = services.BuildServiceProvider();
        return new(_services.GetRequiredService<CloudflareDnsProvider>());
    }

    protected override ITxtLookup CreateLookup(CloudflareDnsProvider provider) => host.Cloudflare.Lookup();

    protected override void AddSecrets(ConformanceSecrets secrets) => secrets.Add(CloudflareFake.SecretName, CloudflareFake.SecretKey, CloudflareFake.Token);

    protected override IZoneSnapshot? CreateSnapshot(CloudflareDnsProvider provider) => host.Cloudflare.Snapshot();

    protected override ConformanceOptions Configure(ConformanceOptions options) => options with
    {
        BadConfigs = CloudflareFake.BadConfigs,
        PropagationTimeout = TimeSpan.FromSeconds(5),
    };

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    private sealed class Builder(IServiceCollection services) : ISolverBuilder
    {
        public IServiceCollection Services => services;
    }
}

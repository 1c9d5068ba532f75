using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Solvers.Abstractions;
using Solvers.Providers.Cloudflare;
using Solvers.Providers.Cloudflare.Internal;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the <c>cloudflare</c> DNS-01 provider.</summary>
public static class CloudflareSolverBuilderExtensions
{
    /// <summary>Registers the <c>cloudflare</c> solver with its host options bound from <c>Solvers:Providers:Cloudflare</c>
    /// and checked at start-up, and its HTTP client (<see cref="CloudflareSolver.HttpClientName"/>). Calling it again
    /// has no further effect.</summary>
    public static ISolverBuilder AddCloudflare(this ISolverBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(CloudflareDnsProvider)))
        {
            return builder;
        }

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CloudflareOptions>()
            .BindConfiguration(CloudflareSolver.ConfigurationSection)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CloudflareOptions>, CloudflareOptionsValidator>());

        // Timeouts and retries are the provider's own (per attempt and per call), so the client's is off.
        services.AddHttpClient(CloudflareSolver.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        return builder.AddDnsProvider<CloudflareDnsProvider, CloudflareConfig>();
    }

    /// <summary>Registers the <c>cloudflare</c> solver as <see cref="AddCloudflare(ISolverBuilder)"/> does, then applies
    /// <paramref name="configure"/> over the bound configuration.</summary>
    public static ISolverBuilder AddCloudflare(this ISolverBuilder builder, Action<CloudflareOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddCloudflare();
        builder.Services.Configure(configure);
        return builder;
    }
}

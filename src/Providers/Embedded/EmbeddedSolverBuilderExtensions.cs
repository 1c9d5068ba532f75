using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Solvers.Abstractions;
using Solvers.Providers.Embedded;
using Solvers.Providers.Embedded.Internal;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the <c>embedded</c> DNS-01 provider: an in-process authoritative DNS server.</summary>
public static class EmbeddedSolverBuilderExtensions
{
    /// <summary>Registers the <c>embedded</c> solver with its host options bound from
    /// <c>Solvers:Providers:Embedded</c> and checked at start-up. Calling it again has no further effect.</summary>
    public static ISolverBuilder AddEmbeddedDns(this ISolverBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(EmbeddedDnsProvider)))
        {
            // Binding twice would append the configured zones twice.
            return builder;
        }

        services.AddLogging();
        services.AddOptions<EmbeddedDnsOptions>()
            .BindConfiguration(EmbeddedSolver.ConfigurationSection)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddedDnsOptions>, EmbeddedDnsOptionsValidator>());
        return builder.AddDnsProvider<EmbeddedDnsProvider, EmbeddedConfig>();
    }

    /// <summary>Registers the <c>embedded</c> solver as <see cref="AddEmbeddedDns(ISolverBuilder)"/> does, then applies
    /// <paramref name="configure"/> over the bound configuration.</summary>
    public static ISolverBuilder AddEmbeddedDns(this ISolverBuilder builder, Action<EmbeddedDnsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddEmbeddedDns();
        builder.Services.Configure(configure);
        return builder;
    }
}

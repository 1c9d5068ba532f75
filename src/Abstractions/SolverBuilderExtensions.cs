using Microsoft.Extensions.DependencyInjection.Extensions;
using Solvers.Abstractions;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registration of DNS-01 providers.</summary>
public static class SolverBuilderExtensions
{
    /// <summary>Registers <typeparamref name="TProvider"/> as a singleton and exposes it to the host under its
    /// <see cref="IDnsProvider{TConfig}.Name"/>. Registering the same provider type twice has no further effect;
    /// two providers with one name make the host fail at start-up.</summary>
    public static ISolverBuilder AddDnsProvider<TProvider, TConfig>(this ISolverBuilder builder)
        where TProvider : class, IDnsProvider<TConfig>
        where TConfig : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TProvider>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDnsSolver, DnsSolver<TProvider, TConfig>>());
        return builder;
    }
}

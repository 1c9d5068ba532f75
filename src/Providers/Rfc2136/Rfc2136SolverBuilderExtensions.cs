using Solvers.Abstractions;
using Solvers.Providers.Rfc2136;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the <c>rfc2136</c> DNS-01 provider: TSIG-signed RFC 2136 dynamic updates.</summary>
public static class Rfc2136SolverBuilderExtensions
{
    /// <summary>Registers the <c>rfc2136</c> solver. It has no host options: everything is in each issuer's config.
    /// Calling it again has no further effect.</summary>
    public static ISolverBuilder AddRfc2136(this ISolverBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLogging();
        return builder.AddDnsProvider<Rfc2136DnsProvider, Rfc2136Config>();
    }
}

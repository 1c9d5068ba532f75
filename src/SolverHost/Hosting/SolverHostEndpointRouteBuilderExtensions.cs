using Prometheus;
using Solvers.SolverHost.Api;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Health;
using Solvers.SolverHost.Security;

#pragma warning disable IDE0130 // Mapping extensions live where WebApplication users look for them.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the solver host's endpoints.</summary>
public static class SolverHostEndpointRouteBuilderExtensions
{
    /// <summary>Maps the webhook API, discovery, <c>/version</c>, health and <c>/metrics</c>; anything else is a
    /// Kubernetes 404 Status.</summary>
    public static WebApplication MapSolverApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();

        SolverEndpoints.Map(app);
        DiscoveryEndpoints.Map(app);
        HealthEndpoints.Map(app);
        app.MapMetrics("/metrics", app.Services.GetRequiredService<SolverMetrics>().Registry)
            .RequireAuthorization(SolverAuthentication.ApiPolicy);
        app.MapFallback(() => KubernetesStatus.NotFound()).RequireAuthorization(SolverAuthentication.ApiPolicy);
        return app;
    }
}

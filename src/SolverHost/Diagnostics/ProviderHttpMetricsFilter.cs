using Microsoft.Extensions.Http;

namespace Solvers.SolverHost.Diagnostics;

/// <summary>Adds <see cref="ProviderHttpMetricsHandler"/> to every HTTP client made by <c>IHttpClientFactory</c>,
/// after the client's own handlers (so innermost, below any retry handler). Providers get it without asking.</summary>
internal sealed class ProviderHttpMetricsFilter(SolverMetrics metrics) : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        builder.AdditionalHandlers.Add(new ProviderHttpMetricsHandler(metrics.ProviderHttpRequests, string.IsNullOrEmpty(builder.Name) ? "default" : builder.Name));
    };
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Solvers.SolverHost.Diagnostics;

namespace Solvers.SolverHost.Tests.Diagnostics;

public sealed class ProviderHttpMetricsTests
{
    [Fact]
    public async Task Send_ThrottledThenRetried_CountsEveryAttemptByStatusCode()
    {
        var metrics = new SolverMetrics();
        var network = new ScriptedNetwork(HttpStatusCode.TooManyRequests, HttpStatusCode.OK);
        using var provider = Services(metrics, network, builder => builder.AddHttpMessageHandler(() => new RetryOnceOn429()));
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("dns-api");

        using var response = await client.GetAsync(new Uri("https://dns-api.invalid/zones"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await MetricsText.ExportAsync(metrics.Registry);
        Assert.Equal(1, MetricsText.Sample(text, "solvers_provider_http_requests_total{client=\"dns-api\",code=\"429\"}"));
        Assert.Equal(1, MetricsText.Sample(text, "solvers_provider_http_requests_total{client=\"dns-api\",code=\"200\"}"));
    }

    [Fact]
    public async Task Send_NoResponse_CountsAnErrorAndRethrows()
    {
        var metrics = new SolverMetrics();
        var network = new ScriptedNetwork();
        using var provider = Services(metrics, network, _ => { });
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("dns-api");

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("https://dns-api.invalid/zones"), TestContext.Current.CancellationToken));

        var text = await MetricsText.ExportAsync(metrics.Registry);
        Assert.Equal(1, MetricsText.Sample(text, "solvers_provider_http_requests_total{client=\"dns-api\",code=\"error\"}"));
    }

    [Fact]
    public async Task Registry_BeforeAnyRequest_DeclaresTheMetric()
    {
        var text = await MetricsText.ExportAsync(new SolverMetrics().Registry);

        Assert.Contains("# TYPE solvers_provider_http_requests_total counter", text, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(SolverMetrics metrics, ScriptedNetwork network, Action<IHttpClientBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(metrics);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, ProviderHttpMetricsFilter>());
        var builder = services.AddHttpClient("dns-api").ConfigurePrimaryHttpMessageHandler(() => network);
        configure(builder);
        return services.BuildServiceProvider();
    }

    /// <summary>Answers with the given status codes in turn; with none left, fails as a refused connection does.</summary>
    private sealed class ScriptedNetwork(params HttpStatusCode[] codes) : HttpMessageHandler
    {
        private int _next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = Interlocked.Increment(ref _next) - 1;
            return index < codes.Length
                ? Task.FromResult(new HttpResponseMessage(codes[index]) { RequestMessage = request })
                : Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (dns-api.invalid:443)"));
        }
    }

    /// <summary>Stands for a provider's resilience handler: one retry after a 429.</summary>
    private sealed class RetryOnceOn429 : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            response.Dispose();
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

using System.Globalization;
using Prometheus;

namespace Solvers.SolverHost.Diagnostics;

/// <summary>Counts every HTTP attempt a provider makes, by status code, so throttling (429) and API errors show up
/// even when a resilience handler retries them away. It sits innermost, next to the socket handler.</summary>
internal sealed class ProviderHttpMetricsHandler(Counter requests, string client) : DelegatingHandler
{
    /// <summary>The <c>code</c> label when no response came (connection refused, TLS failure, reset).</summary>
    public const string NoResponse = "error";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            requests.WithLabels(client, NoResponse).Inc();
            throw;
        }

        requests.WithLabels(client, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)).Inc();
        return response;
    }
}

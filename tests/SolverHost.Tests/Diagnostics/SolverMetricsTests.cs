using Solvers.SolverHost.Diagnostics;

namespace Solvers.SolverHost.Tests.Diagnostics;

public sealed class SolverMetricsTests
{
    [Theory]
    [InlineData("solvers_challenge_requests_total", "counter")]
    [InlineData("solvers_challenge_request_duration_seconds", "histogram")]
    [InlineData("solvers_propagation_wait_seconds", "histogram")]
    [InlineData("solvers_serving_certificate_expiration_timestamp_seconds", "gauge")]
    [InlineData("solvers_provider_http_requests_total", "counter")]
    [InlineData("process_cpu_seconds_total", "counter")]
    [InlineData("process_working_set_bytes", "gauge")]
    public async Task Registry_BeforeAnyRequest_DeclaresWhatAlertsAndDashboardsUse(string name, string type)
    {
        var text = await MetricsText.ExportAsync(new SolverMetrics().Registry);

        Assert.Contains($"# TYPE {name} {type}\n", text, StringComparison.Ordinal);
    }
}

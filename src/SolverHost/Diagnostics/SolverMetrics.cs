using Prometheus;

namespace Solvers.SolverHost.Diagnostics;

/// <summary>Prometheus metrics of the solver endpoint, in a registry of this host's own (not the process-wide
/// default), so several hosts in one process keep apart.</summary>
internal sealed class SolverMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly Gauge _servingCertificateExpiry;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Solver, string Action, string Outcome), (Counter.Child Requests, Histogram.Child Durations)> _children = new();

    public SolverMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter(
            "solvers_challenge_requests_total",
            "ChallengePayload requests by solver, action (Present, CleanUp) and outcome (success, failure, timeout, aborted, rejected).",
            new CounterConfiguration { LabelNames = ["solver", "action", "outcome"] });
        _duration = factory.CreateHistogram(
            "solvers_challenge_request_duration_seconds",
            "Time spent in the solver for one Present or CleanUp, by solver, action and outcome.",
            new HistogramConfiguration
            {
                LabelNames = ["solver", "action", "outcome"],
                Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60],
            });
        _servingCertificateExpiry = factory.CreateGauge(
            "solvers_serving_certificate_expiration_timestamp_seconds",
            "Expiry (NotAfter, Unix seconds) of the serving certificate in service; it moves when a rotated certificate is loaded.");
        PropagationWaits = factory.CreateHistogram(
            "solvers_propagation_wait_seconds",
            "Time from a successful Present until every authoritative server served the value (outcome propagated), or until the wait gave up (timeout, error).",
            new HistogramConfiguration { LabelNames = ["solver", "outcome"], Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30] });
        ProviderHttpRequests = factory.CreateCounter(
            "solvers_provider_http_requests_total",
            "HTTP requests the providers sent to their DNS APIs, each retry counted, by HTTP client name and status code (\"error\" when no response came).",
            new CounterConfiguration { LabelNames = ["client", "code"] });

        // process_cpu_seconds_total, process_working_set_bytes, process_start_time_seconds, dotnet_total_memory_bytes, ...
        DotNetStats.Register(Registry);
    }

    /// <summary>Observed by the propagation waiter; declared here so that it is exposed before the first wait.</summary>
    public Histogram PropagationWaits { get; }

    /// <summary>Counted by <see cref="ProviderHttpMetricsHandler"/> for every attempt of every provider HTTP call.</summary>
    public Counter ProviderHttpRequests { get; }

    public CollectorRegistry Registry { get; }

    public void Record(string solver, string action, string outcome, TimeSpan duration)
    {
        // Label lookups cost more than the update; the label sets are few, so keep their children.
        var (requests, durations) = _children.GetOrAdd((solver, action, outcome), key =>
            (_requests.WithLabels(key.Solver, key.Action, key.Outcome), _duration.WithLabels(key.Solver, key.Action, key.Outcome)));
        requests.Inc();
        durations.Observe(duration.TotalSeconds);
    }

    /// <summary>Records the certificate just put in service.</summary>
    public void SetServingCertificate(DateTime notAfter) =>
        _servingCertificateExpiry.Set(new DateTimeOffset(notAfter.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0);

    /// <summary>Counts a request refused before any solver ran (bad payload), by the solver named in the URL.</summary>
    public void RecordRejected(string solver) => _requests.WithLabels(solver, string.Empty, Solving.SolverOutcomes.Rejected).Inc();
}

namespace Solvers.Bench.LoadGenerator;

/// <summary>One target's numbers from one round.</summary>
/// <param name="Target">The target's label.</param>
/// <param name="Round">1-based; 0 for a median over rounds.</param>
/// <param name="Requests">Successful requests completed inside the measured window.</param>
/// <param name="RequestsPerSecond"><paramref name="Requests"/> over the window's length.</param>
/// <param name="P50Ms">Median latency of those requests.</param>
/// <param name="P99Ms">99th-percentile latency of those requests.</param>
/// <param name="Errors">Failed requests during the whole phase, warm-up included.</param>
/// <param name="FirstError">What the first failure was, if any.</param>
/// <param name="Sent">Every request sent during the phase, warm-up and failures included.</param>
/// <param name="ServerCpuUsPerRequest">CPU time the server spent per request in the window, in microseconds.</param>
/// <param name="ForeignCpuShare">The share of all cores other programs used during the window (null if unknown).</param>
internal sealed record Measurement(
    string Target,
    int Round,
    long Requests,
    double RequestsPerSecond,
    double P50Ms,
    double P99Ms,
    long Errors,
    string? FirstError,
    long Sent,
    double ServerCpuUsPerRequest,
    double? ForeignCpuShare);

using System.Collections.Concurrent;

namespace Solvers.SolverHost.Health;

/// <summary>The named checks behind <c>/healthz</c>, <c>/livez</c> and <c>/readyz</c>, named as the Go apiserver
/// names them (<c>ping</c>, <c>poststarthook/solver-&lt;name&gt;-init</c>, <c>shutdown</c>).</summary>
internal sealed class HealthState
{
    public const string Ping = "ping";
    public const string Shutdown = "shutdown";

    private readonly ConcurrentDictionary<string, string?> _pending = new(StringComparer.Ordinal);
    private readonly List<string> _readinessChecks = [Ping];
    private volatile bool _shuttingDown;

    public static string SolverInitCheck(string solver) => $"poststarthook/solver-{solver}-init";

    public IReadOnlyList<string> LivenessChecks { get; } = [Ping];

    public IReadOnlyList<string> ReadinessChecks
    {
        get
        {
            lock (_readinessChecks)
            {
                return [.. _readinessChecks, Shutdown];
            }
        }
    }

    public bool IsShuttingDown => _shuttingDown;

    /// <summary>Adds a readiness check that fails with <paramref name="reason"/> until <see cref="Complete"/>.</summary>
    public void AddPending(string check, string reason)
    {
        lock (_readinessChecks)
        {
            _readinessChecks.Add(check);
        }

        _pending[check] = reason;
    }

    public void Complete(string check) => _pending.TryRemove(check, out _);

    public void MarkShuttingDown() => _shuttingDown = true;

    /// <summary>Null when the check passes, else why not.</summary>
    public string? Evaluate(string check) => check switch
    {
        Ping => null,
        Shutdown => _shuttingDown ? "process is shutting down" : null,
        _ => _pending.TryGetValue(check, out var reason) ? reason ?? "not finished" : null,
    };
}

using System.Diagnostics;
using Microsoft.Extensions.Options;
using Prometheus;
using Solvers.Abstractions;
using Solvers.Propagation;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Hosting;

namespace Solvers.SolverHost.Propagation;

/// <summary>After a successful Present, waits until every authoritative server serves the value, so cert-manager's
/// first self-check passes instead of waiting out 10 s recheck periods. It never turns slowness into a failure: when
/// the budget is nearly spent it answers success anyway (the record is written; cert-manager checks again).</summary>
internal sealed partial class PropagationWaiter
{
    private readonly HostPropagationOptions _options;
    private readonly PropagationChecker _checker;
    private readonly ILogger<PropagationWaiter> _logger;
    private readonly Histogram _waits;

    public PropagationWaiter(IOptions<HostPropagationOptions> options, IOptions<SolverHostOptions> host, SolverMetrics metrics, TimeProvider time, ILogger<PropagationWaiter> logger, ILogger<PropagationChecker> checkerLogger)
    {
        _options = options.Value;
        _logger = logger;
        var deadline = host.Value.SolverTimeout - _options.AnswerReserve;
        _checker = new PropagationChecker(_options.ToChecker(deadline > TimeSpan.Zero ? deadline : host.Value.SolverTimeout), time, checkerLogger);
        _waits = metrics.PropagationWaits;
    }

    public bool Waits(string solver) => _options.Waits(solver);

    /// <summary>Waits at most <paramref name="remaining"/> less the answer reserve; returns normally either way.
    /// cert-manager has already followed CNAMEs and found the zone (<paramref name="zone"/>), so the resolvers are asked
    /// only about the zone's nameservers: a resolver shared with cert-manager or the cluster never caches a negative
    /// answer for the challenge name while the value is on its way.</summary>
    public async Task WaitAsync(string solver, string fqdn, string zone, string value, TimeSpan remaining, string auditId, CancellationToken cancellationToken)
    {
        if (!DnsName.TryParse(fqdn, out var name))
        {
            return;
        }

        DnsName? knownZone = DnsName.TryParse(zone, out var apex) && name.IsSubdomainOf(apex) ? apex : null;

        var started = Stopwatch.GetTimestamp();
        using var cutOff = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cutOff.CancelAfter(remaining - _options.AnswerReserve > TimeSpan.Zero ? remaining - _options.AnswerReserve : TimeSpan.Zero);
        PropagationReport report;
        try
        {
            report = await _checker.WaitAsync(name, value, knownZone, cutOff.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var waited = Stopwatch.GetElapsedTime(started);
            _waits.WithLabels(solver, "timeout").Observe(waited.TotalSeconds);
            NotPropagated(_logger, solver, fqdn, waited.TotalMilliseconds, auditId, "the time budget was spent before every authoritative server answered");
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var outcome = report.Propagated ? "propagated" : report.LookupError is not null ? "error" : "timeout";
        _waits.WithLabels(solver, outcome).Observe(elapsed.TotalSeconds);
        if (report.Propagated)
        {
            Propagated(_logger, solver, fqdn, elapsed.TotalMilliseconds, report.Attempts, auditId);
        }
        else
        {
            NotPropagated(_logger, solver, fqdn, elapsed.TotalMilliseconds, auditId, report.Summary);
        }
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Propagated: solver {Solver}, fqdn {Fqdn}, served by every authoritative server after {DurationMs:0.0} ms ({Attempts} checks), audit id {AuditId}")]
    private static partial void Propagated(ILogger logger, string solver, string fqdn, double durationMs, int attempts, string auditId);

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "Not yet propagated when the time budget ran out (answering success; cert-manager checks again): solver {Solver}, fqdn {Fqdn}, {DurationMs:0.0} ms, audit id {AuditId}: {Summary}")]
    private static partial void NotPropagated(ILogger logger, string solver, string fqdn, double durationMs, string auditId, string summary);
}

using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Solvers.Abstractions;
using Solvers.Propagation.Internal;

namespace Solvers.Propagation;

/// <summary>Checks whether a DNS-01 TXT value is visible: follows the name's CNAME chain and finds its zone and
/// nameservers through the recursive resolvers, then asks every address of every nameserver directly (RD=0).</summary>
/// <remarks>
/// Unlike cert-manager's self-check, nameserver addresses come from the configured resolvers, every A and AAAA address
/// is asked, an unreachable address is reported rather than failing the check at once, NS records in the authority
/// section are accepted, and the <see cref="UnreachablePolicy"/> decides whether unanswering addresses block. Zone,
/// NS and address lookups are cached for their TTL; TXT answers never are. Safe for concurrent use; make one per
/// set of options and keep it.
/// </remarks>
public sealed class PropagationChecker
{
    private readonly PropagationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DnsExchanger _exchanger;
    private readonly RecursiveLookup _lookup;

    /// <summary>Creates a checker; nothing is sent until a check runs.</summary>
    /// <param name="options">The settings; checked here.</param>
    /// <param name="timeProvider">The clock for polling, the deadline and cache expiry; the system's by default.</param>
    /// <param name="logger">Logs each check at Debug and the outcome of <see cref="WaitAsync(Solvers.Abstractions.DnsName, string, System.Threading.CancellationToken)"/>; nothing by default.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public PropagationChecker(PropagationOptions options, TimeProvider? timeProvider = null, ILogger<PropagationChecker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _exchanger = new DnsExchanger(options.QueryTimeout, _time);
        _lookup = new RecursiveLookup(_exchanger, options.RecursiveNameservers, _time);
    }

    /// <summary>Checks once whether <paramref name="value"/> is served at <paramref name="fqdn"/>. Lookup failures
    /// (no SOA, a CNAME loop, no resolver answering) come back as a report that is not propagated.</summary>
    /// <param name="fqdn">e.g. <c>_acme-challenge.www.example.com.</c></param>
    /// <param name="value">The TXT value, compared exactly and case-sensitively after joining its character-strings.</param>
    /// <param name="cancellationToken">Cancels the check; the only way this method throws.</param>
    public Task<PropagationReport> CheckAsync(DnsName fqdn, string value, CancellationToken cancellationToken) =>
        CheckAsync(fqdn, value, zone: null, cancellationToken);

    /// <summary>Like <see cref="CheckAsync(DnsName, string, CancellationToken)"/>, for a name whose CNAMEs are already
    /// followed and whose zone is known (cert-manager's <c>resolvedFQDN</c> and <c>resolvedZone</c>): the resolvers are
    /// asked only for the zone's nameservers and their addresses, never about <paramref name="fqdn"/> itself, so no
    /// resolver caches a negative answer for the challenge name while the value is still on its way.</summary>
    /// <param name="fqdn">The name the TXT value is written at; must be in <paramref name="zone"/>.</param>
    /// <param name="value">The TXT value; see <see cref="CheckAsync(DnsName, string, CancellationToken)"/>.</param>
    /// <param name="zone">The zone apex, or <see langword="null"/> to follow CNAMEs and find the zone.</param>
    /// <param name="cancellationToken">Cancels the check; the only way this method throws.</param>
    /// <exception cref="ArgumentException"><paramref name="fqdn"/> is not in <paramref name="zone"/>.</exception>
    public async Task<PropagationReport> CheckAsync(DnsName fqdn, string value, DnsName? zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckZone(fqdn, zone);
        var report = await RunCheckAsync(fqdn, value, zone, QueryScope.For(cancellationToken));
        Log.Checked(_logger, 1, fqdn.Value, report.Summary);
        return report;
    }

    /// <summary>Checks at once, then again after 100 ms, 200 ms, 400 ms… (up to <see cref="PropagationOptions.MaxInterval"/>)
    /// until the value has propagated or <see cref="PropagationOptions.Deadline"/> passes, and returns the last report.
    /// While some addresses already serve the value, checks stay at the initial interval for
    /// <see cref="PropagationOptions.ConvergingWindow"/>: the rest are usually a zone transfer away.
    /// "Not yet" is a report, not an exception. A check still running at the deadline is cut short; its report is
    /// returned only when no earlier check completed, with its unanswered queries as timeouts.</summary>
    /// <param name="fqdn">e.g. <c>_acme-challenge.www.example.com.</c></param>
    /// <param name="value">The TXT value; see <see cref="CheckAsync(Solvers.Abstractions.DnsName, string, System.Threading.CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancels the wait; the only way this method throws.</param>
    public Task<PropagationReport> WaitAsync(DnsName fqdn, string value, CancellationToken cancellationToken) =>
        WaitAsync(fqdn, value, zone: null, cancellationToken);

    /// <summary>Like <see cref="WaitAsync(DnsName, string, CancellationToken)"/>, with the zone already known; see
    /// <see cref="CheckAsync(DnsName, string, DnsName?, CancellationToken)"/>.</summary>
    /// <param name="fqdn">The name the TXT value is written at; must be in <paramref name="zone"/>.</param>
    /// <param name="value">The TXT value.</param>
    /// <param name="zone">The zone apex, or <see langword="null"/> to follow CNAMEs and find the zone.</param>
    /// <param name="cancellationToken">Cancels the wait; the only way this method throws.</param>
    /// <exception cref="ArgumentException"><paramref name="fqdn"/> is not in <paramref name="zone"/>.</exception>
    public async Task<PropagationReport> WaitAsync(DnsName fqdn, string value, DnsName? zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckZone(fqdn, zone);
        var start = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.Deadline, _time);
        using var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var scope = new QueryScope(cancellationToken, round.Token);

        PropagationReport? last = null;
        var interval = _options.InitialInterval;
        long? convergingSince = null;
        var attempts = 0;
        while (true)
        {
            attempts++;
            var report = await RunCheckAsync(fqdn, value, zone, scope);
            var cut = deadline.IsCancellationRequested;
            if (!cut || last is null || report.Propagated)
            {
                last = report;
            }

            Log.Checked(_logger, attempts, fqdn.Value, report.Summary);
            var elapsed = _time.GetElapsedTime(start);
            if (last.Propagated)
            {
                Log.Propagated(_logger, fqdn.Value, attempts, elapsed.TotalMilliseconds, last.Summary);
                return last.WithProgress(attempts, elapsed);
            }

            var remaining = _options.Deadline - elapsed;
            if (cut || remaining <= TimeSpan.Zero)
            {
                break;
            }

            var converging = false;
            if (report.Servers.Any(s => s.State == NameserverState.Serving))
            {
                convergingSince ??= _time.GetTimestamp();
                converging = _time.GetElapsedTime(convergingSince.Value) < _options.ConvergingWindow;
            }

            if (converging)
            {
                interval = _options.InitialInterval;
            }

            try
            {
                await Task.Delay(interval < remaining ? interval : remaining, _time, round.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (!converging)
            {
                interval = interval * 2 < _options.MaxInterval ? interval * 2 : _options.MaxInterval;
            }
        }

        var total = _time.GetElapsedTime(start);
        Log.DeadlineReached(_logger, fqdn.Value, attempts, total.TotalMilliseconds, _options.Deadline.TotalSeconds, last.Summary);
        return last.WithProgress(attempts, total);
    }

    private static void CheckZone(DnsName fqdn, DnsName? zone)
    {
        if (zone is { } apex && !fqdn.IsSubdomainOf(apex))
        {
            throw new ArgumentException($"{fqdn} is not in the zone {apex}", nameof(zone));
        }
    }

    private async Task<PropagationReport> RunCheckAsync(DnsName fqdn, string value, DnsName? knownZone, QueryScope scope)
    {
        var start = _time.GetTimestamp();
        var resolved = fqdn;
        DnsName? zone = null;
        IReadOnlyList<NameserverResult> results = [];
        string? lookupError = null;
        try
        {
            if (_options.RecursiveOnly)
            {
                var chain = await _lookup.FollowCnamesAsync(fqdn, scope);
                resolved = chain[^1];
                results = await Task.WhenAll(_lookup.Resolvers.Select(r => ServerProbe.CheckResolverAsync(_exchanger, r, resolved, value, scope)));
            }
            else if (knownZone is { } known)
            {
                zone = known;
                results = await CheckAuthoritativeAsync(resolved, known, value, scope);
            }
            else
            {
                var chain = await _lookup.FollowCnamesAsync(fqdn, scope);
                resolved = chain[^1];
                zone = await _lookup.FindZoneAsync(resolved, scope);
                results = await CheckAuthoritativeAsync(resolved, zone.Value, value, scope);
            }
        }
        catch (LookupException ex)
        {
            scope.Caller.ThrowIfCancellationRequested();
            lookupError = ex.Message;
        }

        var (propagated, summary) = lookupError is null
            ? Verdict.Decide(results, _options)
            : (false, $"not propagated: {lookupError}");
        return new PropagationReport(fqdn, resolved, zone, propagated, results, lookupError, summary, 1, _time.GetElapsedTime(start));
    }

    private async Task<NameserverResult[]> CheckAuthoritativeAsync(DnsName name, DnsName zone, string value, QueryScope scope)
    {
        var hosts = await _lookup.FindNameserversAsync(zone, scope);
        Log.ZoneFound(_logger, name.Value, zone.Value, hosts);

        var resolved = await Task.WhenAll(hosts.Select(async host => (Host: host, Lookup: await _lookup.ResolveAsync(host, scope))));

        // Each address is asked once, under the first nameserver name that has it.
        var seen = new HashSet<IPAddress>();
        var checks = new List<Task<NameserverResult>>();
        foreach (var (host, (addresses, error)) in resolved)
        {
            if (addresses.Count == 0)
            {
                checks.Add(Task.FromResult(new NameserverResult(host, null, NameserverState.Error, NameserverError.Other, $"no address: {error}", null, null)));
                continue;
            }

            foreach (var address in addresses.Where(seen.Add))
            {
                var endPoint = new IPEndPoint(address, _options.EffectiveAuthoritativePort);
                checks.Add(ServerProbe.CheckAuthoritativeAsync(_exchanger, host, endPoint, name, zone, value, scope));
            }
        }

        return await Task.WhenAll(checks);
    }
}

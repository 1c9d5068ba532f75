using System.Diagnostics;
using Microsoft.Extensions.Options;
using Solvers.Abstractions;
using Solvers.SolverHost.Api;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Hosting;
using Solvers.SolverHost.Propagation;
using Solvers.SolverHost.Secrets;

namespace Solvers.SolverHost.Solving;

/// <summary>Runs one Present or CleanUp under the host's time budget and turns every outcome into a
/// <see cref="ChallengeResponse"/> whose failure message starts with the solver name.</summary>
internal sealed class SolverDispatcher
{
    private readonly ISecretSource _secrets;
    private readonly SolverMetrics _metrics;
    private readonly ILogger<SolverDispatcher> _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly PropagationWaiter? _propagation;

    public SolverDispatcher(ISecretSource secrets, SolverMetrics metrics, IOptions<SolverHostOptions> options, ILogger<SolverDispatcher> logger, TimeProvider time, PropagationWaiter? propagation = null)
    {
        _propagation = propagation;
        _secrets = secrets;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _timeout = options.Value.SolverTimeout;
    }

    public async Task<ChallengeResponse> DispatchAsync(IDnsSolver solver, ChallengeRequest request, string auditId, CancellationToken requestAborted)
    {
        var present = request.Action == ChallengeActions.Present;
        var action = present ? ChallengeActions.Present : ChallengeActions.CleanUp;
        var solveRequest = new SolveRequest(
            request.Uid,
            request.DnsName,
            request.ResolvedFqdn,
            request.ResolvedZone,
            request.Key,
            request.ResourceNamespace,
            request.AllowAmbientCredentials,
            request.Config,
            _secrets.ForNamespace(request.ResourceNamespace));

        using var budget = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, requestAborted);
        var started = Stopwatch.GetTimestamp();
        string outcome;
        ChallengeResponse response;
        try
        {
            var call = present ? solver.PresentAsync(solveRequest, linked.Token) : solver.CleanUpAsync(solveRequest, linked.Token);

            // WaitAsync answers on time even if a provider ignores its token; the call is cancelled all the same.
            await call.WaitAsync(linked.Token).ConfigureAwait(false);
            if (present && _propagation?.Waits(solver.Name) == true)
            {
                // Never a failure for slowness: the checker gives up before the budget and the answer is success.
                await _propagation.WaitAsync(solver.Name, request.ResolvedFqdn, request.ResolvedZone, request.Key, _timeout - Stopwatch.GetElapsedTime(started), auditId, linked.Token).ConfigureAwait(false);
            }

            outcome = SolverOutcomes.Success;
            response = ChallengeResponse.Succeeded(request.Uid);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            outcome = SolverOutcomes.Timeout;
            response = Fail(solver, request,
                $"{Describe(action)} {NameOf(request)} did not finish within the {FormatBudget(_timeout)} budget; the provider call was cancelled and cert-manager will retry");
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            _metrics.Record(solver.Name, action, SolverOutcomes.Aborted, Stopwatch.GetElapsedTime(started));
            throw;
        }
        catch (OperationCanceledException ex) when (!requestAborted.IsCancellationRequested)
        {
            // Cancelled inside the provider, by a timeout of its own (HttpClient.Timeout, say), not by the host.
            outcome = SolverOutcomes.Failure;
            response = Fail(solver, request, $"the provider's call was cancelled before it finished: {ex.Message}");
        }
        catch (DnsProviderException ex)
        {
            outcome = SolverOutcomes.Failure;
            response = Fail(solver, request, ex.Message);
        }
        catch (HttpRequestException ex)
        {
            outcome = SolverOutcomes.Failure;
            response = Fail(solver, request, $"request to the DNS provider's API failed: {ex.Message}");
        }
        catch (Exception ex)
        {
            // Unknown exception messages may carry anything; keep them in the log and point there.
            Log.ProviderCrashed(_logger, ex, solver.Name, action, auditId);
            outcome = SolverOutcomes.Failure;
            response = Fail(solver, request, $"internal error ({ex.GetType().Name}) while {Describe(action).ToLowerInvariant()} {NameOf(request)}; see the solver host log for Audit-Id {auditId}");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        _metrics.Record(solver.Name, action, outcome, elapsed);
        if (response.Success)
        {
            Log.ChallengeSucceeded(_logger, request.Uid, solver.Name, action, request.ResolvedFqdn, request.ResolvedZone, elapsed.TotalMilliseconds, auditId);
        }
        else
        {
            Log.ChallengeFailed(_logger, request.Uid, solver.Name, action, request.ResolvedFqdn, request.ResolvedZone, outcome, elapsed.TotalMilliseconds, auditId, response.Message!);
        }

        return response;
    }

    private static ChallengeResponse Fail(IDnsSolver solver, ChallengeRequest request, string message) =>
        ChallengeResponse.Failed(request.Uid, $"{solver.Name}: {(string.IsNullOrWhiteSpace(message) ? "failed without a message" : message)}");

    private static string Describe(string action) => action == ChallengeActions.Present ? "Presenting" : "Cleaning up";

    private static string NameOf(ChallengeRequest request) =>
        request.ResolvedFqdn.Length > 0 ? $"the TXT record at {request.ResolvedFqdn}" : $"the TXT record for {request.DnsName}";

    private static string FormatBudget(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1 ? $"{timeout.TotalSeconds:0.###}s" : $"{timeout.TotalMilliseconds:0}ms";
}

using System.Diagnostics;
using Solvers.Conformance.Internal;

namespace Solvers.Conformance;

/// <summary>Runs the kit's rules against one target, observing DNS through one lookup. Each rule is a plain async
/// method returning a <see cref="RuleResult"/>; the xUnit classes and the command line are thin wrappers over it.</summary>
/// <remarks>
/// Every rule writes only at fresh names under the zone (<c>_acme-challenge.solvers-conformance-&lt;random&gt;.&lt;zone&gt;</c>)
/// and cleans up everything it presented, also when it fails. Rules may run at the same time against one target.
/// Use a dedicated zone for live runs.
/// </remarks>
public sealed partial class ConformanceSuite
{
    /// <summary>Creates a suite.</summary>
    /// <param name="target">What the rules drive.</param>
    /// <param name="lookup">How they see what is served.</param>
    /// <param name="options">The zone, config, timeouts and capabilities.</param>
    public ConformanceSuite(IChallengeTarget target, ITxtLookup lookup, ConformanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Zone);
        if (options.ConcurrentValues < 2)
        {
            throw new ArgumentException($"{nameof(ConformanceOptions.ConcurrentValues)} must be at least 2, not {options.ConcurrentValues}", nameof(options));
        }

        Target = target;
        Lookup = lookup;
        Options = options;
    }

    /// <summary>What the rules drive.</summary>
    public IChallengeTarget Target { get; }

    /// <summary>How the rules observe DNS.</summary>
    public ITxtLookup Lookup { get; }

    /// <summary>The settings.</summary>
    public ConformanceOptions Options { get; }

    /// <summary>The rules that apply to <see cref="Target"/>: all of them over the wire, all but the wire-only ones
    /// in-process.</summary>
    public IReadOnlyList<ConformanceRule> Rules => [.. ConformanceRules.All.Where(r => !r.WireOnly || Target is WebhookTarget)];

    /// <summary>Runs the rule with id <paramref name="ruleId"/>, e.g. <c>extended</c>.</summary>
    public Task<RuleResult> RunAsync(string ruleId, CancellationToken cancellationToken) => RunAsync(ConformanceRules.Get(ruleId), cancellationToken);

    /// <summary>Runs <paramref name="rule"/> and reports how it ended. Never throws for a broken target; throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task<RuleResult> RunAsync(ConformanceRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var clock = Stopwatch.StartNew();
        var run = new RuleRun(rule, Target, Lookup, Options, cancellationToken);
        var outcome = RuleOutcome.Passed;
        var message = string.Empty;
        try
        {
            await RunRuleAsync(run).ConfigureAwait(false);
        }
        catch (RuleFailure failure)
        {
            (outcome, message) = failure.Skip
                ? (RuleOutcome.Skipped, failure.Message)
                : (RuleOutcome.Failed, $"[{rule.Id}] {failure.Message} (rule: {rule.Contract})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            (outcome, message) = (RuleOutcome.Failed, $"[{rule.Id}] a call was cancelled although nothing cancelled it (rule: {rule.Contract})");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (outcome, message) = (RuleOutcome.Failed, $"[{rule.Id}] unexpected {ex.GetType().Name}: {ex.Message} (rule: {rule.Contract})");
        }
        finally
        {
            var leftovers = await run.CleanUpLeftoversAsync().ConfigureAwait(false);
            if (leftovers.Count > 0 && outcome != RuleOutcome.Failed)
            {
                (outcome, message) = (RuleOutcome.Failed,
                    $"[{rule.Id}] clean-up of the rule's own values failed: {string.Join("; ", leftovers)} (rule: {rule.Contract})");
            }
            else if (leftovers.Count > 0)
            {
                message += $"; clean-up afterwards failed too: {string.Join("; ", leftovers)}";
            }
        }

        return new RuleResult(rule, outcome, message, clock.Elapsed);
    }

    /// <summary>Runs every rule in <see cref="Rules"/> one after the other.</summary>
    public async Task<IReadOnlyList<RuleResult>> RunAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<RuleResult>();
        foreach (var rule in Rules)
        {
            results.Add(await RunAsync(rule, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private static Task RunRuleAsync(RuleRun run) => run.Rule.Id switch
    {
        "basic" => BasicAsync(run),
        "extended" => ExtendedAsync(run),
        "present-twice" => PresentTwiceAsync(run),
        "cleanup-absent" => CleanUpAbsentAsync(run),
        "concurrent" => ConcurrentAsync(run),
        "unrelated-records" => UnrelatedRecordsAsync(run),
        "zone-unchanged" => ZoneUnchangedAsync(run),
        "cancellation" => CancellationAsync(run),
        "bad-config" => BadConfigAsync(run),
        "missing-secret" => MissingSecretAsync(run),
        "value-case" => ValueCaseAsync(run),
        "name-case" => NameCaseAsync(run),
        "discovery" => DiscoveryAsync(run),
        "wire-payload" => WirePayloadAsync(run),
        _ => throw new ArgumentException($"unknown rule {run.Rule.Id}"),
    };

    private static RuleFailure Skip(string reason) => new(reason, skip: true);
}

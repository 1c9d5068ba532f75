using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Solvers.Abstractions;

namespace Solvers.Conformance.Internal;

/// <summary>One run of one rule: unique names, calls that turn failures into rule failures naming the step, polling
/// of the lookup, and a ledger of what was presented so that everything is cleaned up even when the rule fails.</summary>
internal sealed class RuleRun(ConformanceRule rule, IChallengeTarget target, ITxtLookup lookup, ConformanceOptions options, CancellationToken cancellationToken)
{
    // Short enough that a change seen by every server is noticed within a quarter second; a handful of queries a
    // second per server is nothing for a DNS server or an API's rate limit.
    private static readonly TimeSpan _maxPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<(string Name, string Value), ConformanceChallenge> _ledger = new();
    private readonly string _zone = options.Zone.EndsWith('.') ? options.Zone : options.Zone + ".";

    public ConformanceRule Rule => rule;

    public IChallengeTarget Target => target;

    public ITxtLookup Lookup => lookup;

    public ConformanceOptions Options => options;

    public CancellationToken CancellationToken => cancellationToken;

    public string Zone => _zone;

    /// <summary>A fresh name, e.g. <c>_acme-challenge.solvers-conformance-1a2b3c4d5e6f.example.com.</c>.</summary>
    public string NewName() => $"_acme-challenge.{TestValues.NewLabel()}.{_zone}";

    public ConformanceChallenge Challenge(string fqdn, string value, JsonElement? config = null, string? zone = null) =>
        new(fqdn, zone ?? _zone, value, DnsNameOf(fqdn), config ?? options.Config);

    /// <summary>Presents and records the value for the final clean-up before the call, since a failed call may
    /// still have written it.</summary>
    public async Task PresentAsync(ConformanceChallenge challenge, string step, CancellationToken? token = null)
    {
        Remember(challenge);
        try
        {
            await target.PresentAsync(challenge, token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (ChallengeFailedException ex)
        {
            throw Fail($"{step}: Present of {challenge.Key} at {challenge.ResolvedFqdn} failed: {ex.Message}");
        }
    }

    public async Task CleanUpAsync(ConformanceChallenge challenge, string step, CancellationToken? token = null)
    {
        try
        {
            await target.CleanUpAsync(challenge, token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (ChallengeFailedException ex)
        {
            throw Fail($"{step}: CleanUp of {challenge.Key} at {challenge.ResolvedFqdn} failed: {ex.Message}");
        }

        Forget(challenge);
    }

    public void Remember(ConformanceChallenge challenge) =>
        _ledger.TryAdd(Key(challenge), challenge with { Config = options.Config });

    public void Forget(ConformanceChallenge challenge) => _ledger.TryRemove(Key(challenge), out _);

    /// <summary>Polls the lookup until <paramref name="done"/> holds, or fails with <paramref name="failure"/> and
    /// the last observation after <see cref="ConformanceOptions.PropagationTimeout"/>.</summary>
    public async Task<TxtObservation> WaitAsync(string fqdn, Func<TxtObservation, bool> done, Func<TxtObservation, string> failure)
    {
        var name = DnsName.Parse(fqdn);
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            var observation = await lookup.LookupAsync(name, cancellationToken).ConfigureAwait(false);
            if (done(observation))
            {
                return observation;
            }

            if (clock.Elapsed >= options.PropagationTimeout)
            {
                throw Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{failure(observation)}; after {options.PropagationTimeout.TotalSeconds:0.#} s, {lookup.Description}: {observation}"));
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            interval = interval * 2 < _maxPollInterval ? interval * 2 : _maxPollInterval;
        }
    }

    public Task<TxtObservation> WaitServedAsync(string fqdn, string value, string failure) =>
        WaitAsync(fqdn, o => o.Serves(value), _ => failure);

    public Task<TxtObservation> WaitGoneAsync(string fqdn, string value, string failure) =>
        WaitAsync(fqdn, o => o.Lacks(value), _ => failure);

    public static RuleFailure Fail(string message) => new(message);

    /// <summary>Fails when <paramref name="message"/> contains a secret value.</summary>
    public void CheckNoSecret(string message, string step)
    {
        if (options.SecretValues.Any(s => s.Length >= 4 && message.Contains(s, StringComparison.Ordinal)))
        {
            throw Fail($"{step}: the failure message contains a secret value; messages must never carry one");
        }
    }

    /// <summary>Cleans up everything still recorded, with a token of its own; returns what failed.</summary>
    public async Task<IReadOnlyList<string>> CleanUpLeftoversAsync()
    {
        var problems = new ConcurrentBag<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Parallel.ForEachAsync(_ledger.Values, timeout.Token, async (challenge, token) =>
            {
                try
                {
                    await target.CleanUpAsync(challenge, token).ConfigureAwait(false);
                    Forget(challenge);
                }
                catch (Exception ex) when (ex is ChallengeFailedException or OperationCanceledException)
                {
                    problems.Add($"{challenge.Key} at {challenge.ResolvedFqdn}: {ex.Message}");
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            problems.Add($"clean-up of {_ledger.Count} values did not finish within 30 s");
        }

        return [.. problems];
    }

    private static (string, string) Key(ConformanceChallenge challenge) =>
        (DnsName.TryParse(challenge.ResolvedFqdn, out var name) ? name.Value : challenge.ResolvedFqdn, challenge.Key);

    private static string DnsNameOf(string fqdn)
    {
        var name = fqdn.TrimEnd('.');
        const string Prefix = "_acme-challenge.";
        return name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? name[Prefix.Length..] : name;
    }
}

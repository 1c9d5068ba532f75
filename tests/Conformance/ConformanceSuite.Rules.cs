using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Solvers.Conformance.Internal;

namespace Solvers.Conformance;

/// <summary>The rules that hold for every target, in-process and over the wire.</summary>
public sealed partial class ConformanceSuite
{
    private static async Task BasicAsync(RuleRun run)
    {
        var name = run.NewName();
        var challenge = run.Challenge(name, TestValues.NewValue());
        await run.PresentAsync(challenge, "step 1").ConfigureAwait(false);
        await run.WaitServedAsync(name, challenge.Key, "step 2: the presented value never became visible").ConfigureAwait(false);
        await run.CleanUpAsync(challenge, "step 3").ConfigureAwait(false);
        await run.WaitGoneAsync(name, challenge.Key, "step 4: the value is still served after CleanUp").ConfigureAwait(false);
        await run.CleanUpAsync(challenge, "step 5, CleanUp again after the value is gone (cert-manager's deferred CleanUp)").ConfigureAwait(false);
    }

    private static async Task ExtendedAsync(RuleRun run)
    {
        var name = run.NewName();
        var first = run.Challenge(name, TestValues.NewValue());
        var second = run.Challenge(name, TestValues.NewValue());
        await run.PresentAsync(first, "Present of the first value").ConfigureAwait(false);
        await run.PresentAsync(second, "Present of a second value at the same name").ConfigureAwait(false);
        await run.WaitAsync(name, o => o.Serves(first.Key) && o.Serves(second.Key), o => o.Serves(second.Key)
            ? "after Present of a second value at the name, the first is no longer served: Present replaced the values instead of adding one"
            : "after Present of two values at one name, both are not served").ConfigureAwait(false);
        await run.CleanUpAsync(second, "CleanUp of the second value").ConfigureAwait(false);
        await run.WaitAsync(name, o => o.Lacks(second.Key) && o.Serves(first.Key), o => o.Lacks(first.Key)
            ? "after CleanUp of the second value, the first value is gone too: CleanUp removed values that were not its own"
            : "after CleanUp of the second value, it is still served").ConfigureAwait(false);
        await run.CleanUpAsync(second, "CleanUp of the second value again").ConfigureAwait(false);
        await run.CleanUpAsync(first, "CleanUp of the first value").ConfigureAwait(false);
        await run.WaitGoneAsync(name, first.Key, "after CleanUp of the first value, it is still served").ConfigureAwait(false);
    }

    private static async Task PresentTwiceAsync(RuleRun run)
    {
        var name = run.NewName();
        var challenge = run.Challenge(name, TestValues.NewValue());
        await run.PresentAsync(challenge, "first Present").ConfigureAwait(false);
        await run.WaitServedAsync(name, challenge.Key, "after the first Present the value never became visible").ConfigureAwait(false);
        await run.PresentAsync(challenge, "second Present of the same value (Present must be idempotent)").ConfigureAwait(false);
        var observation = await run.WaitServedAsync(name, challenge.Key, "after the second Present the value is no longer served").ConfigureAwait(false);
        var count = observation.MaxCount(challenge.Key);
        if (count != 1)
        {
            throw RuleRun.Fail($"after Present twice the value is listed {count} times, not once: {observation}");
        }

        await run.CleanUpAsync(challenge, "CleanUp").ConfigureAwait(false);
        await run.WaitGoneAsync(name, challenge.Key, "one CleanUp after Present twice did not remove the value: the second Present added a duplicate").ConfigureAwait(false);
    }

    private static async Task CleanUpAbsentAsync(RuleRun run)
    {
        var empty = run.Challenge(run.NewName(), TestValues.NewValue());
        await run.CleanUpAsync(empty, "CleanUp at a name that has no value").ConfigureAwait(false);

        var name = run.NewName();
        var kept = run.Challenge(name, TestValues.NewValue());
        var absent = run.Challenge(name, TestValues.NewValue());
        await run.PresentAsync(kept, "Present").ConfigureAwait(false);
        await run.WaitServedAsync(name, kept.Key, "the presented value never became visible").ConfigureAwait(false);
        await run.CleanUpAsync(absent, "CleanUp of a value that was never presented, at a name holding another value").ConfigureAwait(false);

        // A second value makes the check meaningful: by the time it is served, a wrong deletion has landed too.
        var marker = run.Challenge(name, TestValues.NewValue());
        await run.PresentAsync(marker, "Present of another value").ConfigureAwait(false);
        await run.WaitAsync(name, o => o.Serves(marker.Key) && o.Serves(kept.Key) && o.Lacks(absent.Key),
            _ => "CleanUp of an absent value removed the value that was there").ConfigureAwait(false);
        await run.CleanUpAsync(marker, "CleanUp").ConfigureAwait(false);
        await run.CleanUpAsync(kept, "CleanUp").ConfigureAwait(false);
        await run.WaitAsync(name, o => o.Lacks(kept.Key) && o.Lacks(marker.Key), _ => "after CleanUp the values are still served").ConfigureAwait(false);
    }

    private static async Task ConcurrentAsync(RuleRun run)
    {
        var name = run.NewName();
        var challenges = Enumerable.Range(0, run.Options.ConcurrentValues).Select(_ => run.Challenge(name, TestValues.NewValue())).ToList();
        var count = challenges.Count;

        var presents = await Task.WhenAll(challenges.Select(c => Outcome(run.PresentAsync(c, "concurrent Present")))).ConfigureAwait(false);
        ThrowFirst(run, presents, $"of {count} concurrent Presents at one name");
        await run.WaitAsync(name, o => challenges.All(c => o.Serves(c.Key)), o =>
            $"after {count} concurrent Presents at one name, {challenges.Count(c => !o.Serves(c.Key))} values are not served (lost updates: serialise read-modify-write per zone)").ConfigureAwait(false);

        var cleanUps = await Task.WhenAll(challenges.Select(c => Outcome(run.CleanUpAsync(c, "concurrent CleanUp")))).ConfigureAwait(false);
        ThrowFirst(run, cleanUps, $"of {count} concurrent CleanUps at one name");
        await run.WaitAsync(name, o => challenges.All(c => o.Lacks(c.Key)), o =>
            $"after {count} concurrent CleanUps at one name, {challenges.Count(c => !o.Lacks(c.Key))} values are still served").ConfigureAwait(false);

        static async Task<string?> Outcome(Task call)
        {
            try
            {
                await call.ConfigureAwait(false);
                return null;
            }
            catch (RuleFailure failure)
            {
                return failure.Message;
            }
        }

        static void ThrowFirst(RuleRun run, string?[] outcomes, string what)
        {
            var failures = outcomes.Where(o => o is not null).ToList();
            if (failures.Count > 0)
            {
                throw RuleRun.Fail($"{failures.Count} {what} failed; the first: {failures[0]}");
            }
        }
    }

    private static async Task UnrelatedRecordsAsync(RuleRun run)
    {
        var neighbour = run.NewName();
        var name = run.NewName();
        var own = TestValues.NewValue();
        var other = run.Challenge(neighbour, TestValues.NewValue());
        var sameValue = run.Challenge(neighbour, own);
        var challenge = run.Challenge(name, own);

        await run.PresentAsync(other, "Present at a neighbouring name").ConfigureAwait(false);
        await run.PresentAsync(sameValue, "Present of the test value at the neighbouring name").ConfigureAwait(false);
        await run.WaitAsync(neighbour, o => o.Serves(other.Key) && o.Serves(own), _ => "the neighbouring name's two values never became visible").ConfigureAwait(false);

        await run.PresentAsync(challenge, "Present at the test name").ConfigureAwait(false);
        await run.WaitServedAsync(name, own, "the value at the test name never became visible").ConfigureAwait(false);
        await run.CleanUpAsync(challenge, "CleanUp at the test name").ConfigureAwait(false);
        await run.WaitGoneAsync(name, own, "after CleanUp the value at the test name is still served").ConfigureAwait(false);

        var after = await run.Lookup.LookupAsync(Solvers.Abstractions.DnsName.Parse(neighbour), run.CancellationToken).ConfigureAwait(false);
        if (!after.Serves(other.Key) || !after.Serves(own))
        {
            throw RuleRun.Fail($"Present and CleanUp at {name} changed the values at the neighbouring name {neighbour}: {after}");
        }

        await run.CleanUpAsync(sameValue, "CleanUp at the neighbouring name").ConfigureAwait(false);
        await run.CleanUpAsync(other, "CleanUp at the neighbouring name").ConfigureAwait(false);
        await run.WaitAsync(neighbour, o => o.Lacks(other.Key) && o.Lacks(own), _ => "after CleanUp the neighbouring name's values are still served").ConfigureAwait(false);
    }

    private static async Task ZoneUnchangedAsync(RuleRun run)
    {
        if (run.Options.Snapshot is not { } snapshot)
        {
            throw Skip("capability missing: no way to list the zone's records was given (ConformanceOptions.Snapshot)");
        }

        var before = await snapshot.TakeAsync(run.CancellationToken).ConfigureAwait(false);
        var name = run.NewName();
        var challenge = run.Challenge(name, TestValues.NewValue());
        await run.PresentAsync(challenge, "Present").ConfigureAwait(false);
        await run.WaitServedAsync(name, challenge.Key, "the presented value never became visible").ConfigureAwait(false);
        Compare(before, await snapshot.TakeAsync(run.CancellationToken).ConfigureAwait(false), "Present");
        await run.CleanUpAsync(challenge, "CleanUp").ConfigureAwait(false);
        await run.WaitGoneAsync(name, challenge.Key, "after CleanUp the value is still served").ConfigureAwait(false);
        Compare(before, await snapshot.TakeAsync(run.CancellationToken).ConfigureAwait(false), "CleanUp");

        void Compare(IReadOnlyCollection<string> expected, IReadOnlyCollection<string> actual, string step)
        {
            var removed = expected.Except(actual, StringComparer.Ordinal).ToList();
            var added = actual.Except(expected, StringComparer.Ordinal).ToList();
            if (removed.Count > 0 || added.Count > 0)
            {
                throw RuleRun.Fail($"after {step}, records that are not the test's changed ({snapshot.Description}): "
                    + $"gone [{string.Join("; ", removed)}], new [{string.Join("; ", added)}]");
            }
        }
    }

    private static async Task CancellationAsync(RuleRun run)
    {
        if (!run.Target.ObservesCancellation)
        {
            throw Skip("capability missing: over HTTP a client cannot cancel a solver's work (the server applies its own time budget)");
        }

        var name = run.NewName();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync().ConfigureAwait(false);
        var challenge = run.Challenge(name, TestValues.NewValue());
        await ExpectCancelledAsync("Present", c => run.Target.PresentAsync(c, cancelled.Token), challenge).ConfigureAwait(false);
        await ExpectCancelledAsync("CleanUp", c => run.Target.CleanUpAsync(c, cancelled.Token), challenge).ConfigureAwait(false);

        // Cancelled while it runs: it may finish first, but it must not run on past the grace period.
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(1));
        var late = run.Challenge(name, TestValues.NewValue());
        run.Remember(late);
        var call = run.Target.PresentAsync(late, soon.Token);
        if (await Task.WhenAny(call, Task.Delay(run.Options.CancellationGrace, run.CancellationToken)).ConfigureAwait(false) != call)
        {
            throw RuleRun.Fail(string.Create(CultureInfo.InvariantCulture,
                $"Present with a token cancelled after 1 ms was still running after {run.Options.CancellationGrace.TotalSeconds:0.#} s"));
        }

        try
        {
            await call.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ChallengeFailedException ex)
        {
            throw RuleRun.Fail($"Present with a token cancelled after 1 ms failed with {ex.InnerException?.GetType().Name ?? "an error"} instead of OperationCanceledException: {ex.Message}");
        }


        async Task ExpectCancelledAsync(string action, Func<ConformanceChallenge, Task> start, ConformanceChallenge c)
        {
            run.Remember(c);
            var task = start(c);
            if (await Task.WhenAny(task, Task.Delay(run.Options.CancellationGrace, run.CancellationToken)).ConfigureAwait(false) != task)
            {
                throw RuleRun.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{action} with an already cancelled token was still running after {run.Options.CancellationGrace.TotalSeconds:0.#} s"));
            }

            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ChallengeFailedException ex)
            {
                throw RuleRun.Fail($"{action} with an already cancelled token failed with {ex.InnerException?.GetType().Name ?? "an error"} instead of OperationCanceledException: {ex.Message}");
            }

            throw RuleRun.Fail($"{action} with an already cancelled token completed; it must throw OperationCanceledException (the token was ignored)");
        }
    }

    private static async Task BadConfigAsync(RuleRun run)
    {
        var cases = new List<BadConfig>();
        const string Unknown = "solversConformanceUnknownField";
        if (run.Options.RejectsUnknownConfigFields)
        {
            var config = run.Options.Config is { ValueKind: JsonValueKind.Object } c ? JsonNode.Parse(c.GetRawText())!.AsObject() : [];
            config[Unknown] = true;
            cases.Add(new BadConfig(JsonSerializer.SerializeToElement(config), Unknown));
        }

        cases.AddRange(run.Options.BadConfigs);
        if (cases.Count == 0)
        {
            throw Skip("capability missing: the target accepts unknown config fields (RejectsUnknownConfigFields is false) and no BadConfigs were given");
        }

        foreach (var bad in cases)
        {
            var name = run.NewName();
            var challenge = run.Challenge(name, TestValues.NewValue(), bad.Config);
            run.Remember(challenge);
            string message;
            try
            {
                await run.Target.PresentAsync(challenge, run.CancellationToken).ConfigureAwait(false);
                throw RuleRun.Fail($"Present with the config {bad.Config.GetRawText()} succeeded; the field \"{bad.Field}\" must be refused");
            }
            catch (ChallengeFailedException ex)
            {
                message = ex.Message;
            }

            if (!message.Contains(bad.Field, StringComparison.OrdinalIgnoreCase))
            {
                throw RuleRun.Fail($"Present with the config {bad.Config.GetRawText()} failed with a message that does not name the field \"{bad.Field}\": {message}");
            }

            run.CheckNoSecret(message, $"Present with the bad field \"{bad.Field}\"");
        }
    }

    private static async Task MissingSecretAsync(RuleRun run)
    {
        var references = run.Options.Config is { } config ? SecretReferences.Find(config) : [];
        if (references.Count == 0)
        {
            throw Skip("capability missing: the config references no secret (no {\"name\": ..., \"key\": ...} object in it)");
        }

        foreach (var path in references)
        {
            var missing = TestValues.NewLabel() + "-missing";
            var broken = SecretReferences.WithName(run.Options.Config!.Value, path, missing);
            var challenge = run.Challenge(run.NewName(), TestValues.NewValue(), broken);
            run.Remember(challenge);
            string message;
            try
            {
                await run.Target.PresentAsync(challenge, run.CancellationToken).ConfigureAwait(false);
                throw RuleRun.Fail($"Present with {path}.name set to a Secret that does not exist ({missing}) succeeded");
            }
            catch (ChallengeFailedException ex)
            {
                message = ex.Message;
            }

            if (!message.Contains(missing, StringComparison.Ordinal))
            {
                throw RuleRun.Fail($"Present with {path}.name set to a Secret that does not exist failed with a message that does not name the Secret \"{missing}\": {message}");
            }

            run.CheckNoSecret(message, $"Present with the missing Secret at {path}");
        }
    }

    private static async Task ValueCaseAsync(RuleRun run)
    {
        var name = run.NewName();
        var mixed = run.Challenge(name, TestValues.NewValue());
        var lower = run.Challenge(name, mixed.Key.ToLowerInvariant());
        await run.PresentAsync(mixed, "Present of a mixed-case value").ConfigureAwait(false);
        await run.WaitServedAsync(name, mixed.Key, "the mixed-case value never became visible").ConfigureAwait(false);
        await run.CleanUpAsync(lower, "CleanUp of the same value in lower case (not presented, so absent)").ConfigureAwait(false);
        await run.PresentAsync(lower, "Present of the lower-case value").ConfigureAwait(false);
        await run.WaitAsync(name, o => o.Serves(mixed.Key) && o.Serves(lower.Key), o => o.Serves(mixed.Key)
            ? "the lower-case value is not served beside the mixed-case one: values were compared ignoring case"
            : "the mixed-case value is gone after CleanUp or Present of its lower-case form: values were compared ignoring case").ConfigureAwait(false);
        await run.CleanUpAsync(mixed, "CleanUp of the mixed-case value").ConfigureAwait(false);
        await run.WaitAsync(name, o => o.Lacks(mixed.Key) && o.Serves(lower.Key), o => o.Lacks(lower.Key)
            ? "CleanUp of the mixed-case value removed the lower-case value too: values were compared ignoring case"
            : "after CleanUp the mixed-case value is still served").ConfigureAwait(false);
        await run.CleanUpAsync(lower, "CleanUp of the lower-case value").ConfigureAwait(false);
        await run.WaitGoneAsync(name, lower.Key, "after CleanUp the lower-case value is still served").ConfigureAwait(false);
    }

    private static async Task NameCaseAsync(RuleRun run)
    {
        var name = run.NewName();
        var zone = run.Zone;
        var value = TestValues.NewValue();
        var upper = run.Challenge(name.ToUpperInvariant().TrimEnd('.'), value, zone: zone.ToUpperInvariant());
        var plain = run.Challenge(name, value, zone: zone.TrimEnd('.'));
        var mixed = run.Challenge(MixCase(name), value, zone: MixCase(zone).TrimEnd('.'));

        await run.PresentAsync(upper, "Present with the name in upper case and without its trailing dot").ConfigureAwait(false);
        await run.WaitServedAsync(name, value, "the value presented at the upper-case name never became visible at the name").ConfigureAwait(false);
        await run.PresentAsync(plain, "Present of the same value with the name in lower case and with its trailing dot").ConfigureAwait(false);
        var observation = await run.WaitServedAsync(name, value, "the value is no longer served after the second Present").ConfigureAwait(false);
        if (observation.MaxCount(value) != 1)
        {
            throw RuleRun.Fail($"the same value presented at one name written in two cases is listed {observation.MaxCount(value)} times: names were compared case-sensitively: {observation}");
        }

        await run.CleanUpAsync(mixed, "CleanUp with the name in mixed case").ConfigureAwait(false);
        await run.WaitGoneAsync(name, value, "CleanUp with the name in mixed case did not remove the value: names were compared case-sensitively").ConfigureAwait(false);
        run.Forget(upper);

        static string MixCase(string text) => string.Concat(text.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
    }
}

using System.Globalization;

namespace Solvers.Conformance;

/// <summary>The command line: runs the rules against a webhook described by a settings file and prints a report.
/// <c>dotnet run --project tests/Conformance.Cli -- conformance.json [--rule basic]...</c></summary>
public static class ConformanceCommand
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: solvers-conformance <settings.json> [--rule <id>]... [--list]

        Runs the conformance rules against a cert-manager webhook solver over HTTP and prints a report.
        Exit code: 0 when no rule failed, 1 when one did, 2 for a usage or settings error.
        Use a dedicated zone for live runs: the rules write and remove TXT records under it.
        """;

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        string? settingsFile = null;
        var ruleIds = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    await output.WriteAsync(Usage).ConfigureAwait(false);
                    return 0;
                case "--list":
                    foreach (var rule in ConformanceRules.All)
                    {
                        await output.WriteLineAsync($"{rule.Id,-20} {rule.Title}{(rule.WireOnly ? " (over the wire)" : string.Empty)}").ConfigureAwait(false);
                    }

                    return 0;
                case "--rule" when i + 1 < args.Count:
                    ruleIds.Add(args[++i]);
                    break;
                case var value when !value.StartsWith('-') && settingsFile is null:
                    settingsFile = value;
                    break;
                default:
                    await error.WriteLineAsync($"Error: unexpected argument \"{args[i]}\"\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        if (settingsFile is null)
        {
            await error.WriteLineAsync($"Error: no settings file given\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        ConformanceSuite suite;
        IReadOnlyList<ConformanceRule> rules;
        WebhookTarget? target = null;
        try
        {
            var settings = WebhookSettings.Load(settingsFile);
            rules = [.. ruleIds.Select(ConformanceRules.Get)];
            target = settings.CreateTarget();
            suite = new ConformanceSuite(target, settings.CreateLookup(), settings.CreateOptions());
        }
        catch (Exception ex) when (ex is FormatException or IOException or ArgumentException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            target?.Dispose();
            await error.WriteLineAsync($"Error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        using (target)
        {
            if (rules.Count == 0)
            {
                rules = suite.Rules;
            }

            await output.WriteLineAsync($"Conformance of {suite.Target.Description}").ConfigureAwait(false);
            await output.WriteLineAsync($"zone {suite.Options.Zone}, observed through {suite.Lookup.Description}").ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            var results = new List<RuleResult>();
            foreach (var rule in rules)
            {
                var result = await suite.RunAsync(rule, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                await output.WriteLineAsync(result.ToString()).ConfigureAwait(false);
            }

            var failed = results.Count(r => r.Outcome == RuleOutcome.Failed);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{results.Count(r => r.Outcome == RuleOutcome.Passed)} passed, {failed} failed, {results.Count(r => r.Outcome == RuleOutcome.Skipped)} skipped")).ConfigureAwait(false);
            return failed == 0 ? 0 : 1;
        }
    }
}

namespace Solvers.Conformance;

/// <summary>The outcome of one rule against one target.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Outcome">Passed, failed or skipped.</param>
/// <param name="Message">For a failure, what broke, starting with the rule's id, e.g. <c>[extended] after CleanUp of
/// the second value the first is gone too ...</c>; for a skip, the reason; empty for a pass.</param>
/// <param name="Elapsed">How long the rule ran.</param>
public sealed record RuleResult(ConformanceRule Rule, RuleOutcome Outcome, string Message, TimeSpan Elapsed)
{
    /// <summary>One line (two for a failure or skip), e.g. <c>PASS basic  Basic: ... (0.2 s)</c>.</summary>
    public override string ToString()
    {
        var word = Outcome switch { RuleOutcome.Passed => "PASS", RuleOutcome.Failed => "FAIL", _ => "SKIP" };
        var line = FormattableString.Invariant($"{word} {Rule.Id,-20} {Rule.Title} ({Elapsed.TotalSeconds:0.0} s)");
        return Message.Length == 0 ? line : $"{line}\n     {Message}";
    }
}

namespace Solvers.Conformance;

/// <summary>How a rule ended.</summary>
public enum RuleOutcome
{
    /// <summary>The target keeps the rule.</summary>
    Passed,

    /// <summary>The target breaks the rule; <see cref="RuleResult.Message"/> says how.</summary>
    Failed,

    /// <summary>The rule does not apply (a capability is missing); <see cref="RuleResult.Message"/> says why.</summary>
    Skipped,
}

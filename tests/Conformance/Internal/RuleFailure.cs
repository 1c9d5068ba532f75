namespace Solvers.Conformance.Internal;

/// <summary>Ends a rule as failed (or skipped) with a message; never escapes the suite.</summary>
internal sealed class RuleFailure(string message, bool skip = false) : Exception(message)
{
    public bool Skip { get; } = skip;
}

namespace Solvers.SolverHost.Solving;

/// <summary>The two <c>request.action</c> values, case-sensitive as cert-manager sends them.</summary>
internal static class ChallengeActions
{
    public const string Present = "Present";
    public const string CleanUp = "CleanUp";
}

/// <summary>The <c>outcome</c> label values of the solver metrics and logs.</summary>
internal static class SolverOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Timeout = "timeout";
    public const string Aborted = "aborted";
    public const string Rejected = "rejected";
}

namespace Solvers.TestUtilities;

/// <summary>The <c>status</c> the fake returns for a SubjectAccessReview. <see cref="Denied"/> may not be
/// true together with <see cref="Allowed"/>; neither means "no opinion".</summary>
public sealed record SubjectAccessReviewAnswer(bool Allowed, bool Denied = false, string? Reason = null, string? EvaluationError = null)
{
    /// <summary>Allowed, e.g. with an RBAC-style reason.</summary>
    public static SubjectAccessReviewAnswer Allow(string? reason = null) => new(true, Reason: reason);

    /// <summary>Explicitly denied (what a webhook authorizer can say; RBAC never does).</summary>
    public static SubjectAccessReviewAnswer Deny(string? reason = null) => new(false, true, reason);

    /// <summary>Neither allowed nor denied: the caller must treat it as a denial.</summary>
    public static SubjectAccessReviewAnswer NoOpinion(string? reason = null, string? evaluationError = null) => new(false, false, reason, evaluationError);
}

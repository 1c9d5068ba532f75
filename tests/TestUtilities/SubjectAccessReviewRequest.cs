namespace Solvers.TestUtilities;

/// <summary>The <c>spec</c> of a SubjectAccessReview the fake received. Exactly one of the attribute sets is
/// non-null (the fake answers 422 otherwise, as the real server does).</summary>
public sealed record SubjectAccessReviewRequest(
    string? User,
    string? Uid,
    IReadOnlyList<string> Groups,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Extra,
    ResourceAttributes? ResourceAttributes,
    NonResourceAttributes? NonResourceAttributes);

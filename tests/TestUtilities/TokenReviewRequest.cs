namespace Solvers.TestUtilities;

/// <summary>The <c>spec</c> of a TokenReview the fake received.</summary>
/// <param name="Token">The bearer token under review.</param>
/// <param name="Audiences">Requested audiences; empty when the caller sent none.</param>
public sealed record TokenReviewRequest(string Token, IReadOnlyList<string> Audiences);

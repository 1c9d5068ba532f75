namespace Solvers.TestUtilities.Internal;

/// <summary>A bearer token the fake knows; null audiences mean an audience-agnostic token (static-token style).</summary>
internal sealed record RegisteredToken(KubeUser User, IReadOnlyList<string>? Audiences);

namespace Solvers.TestUtilities;

/// <summary>The <c>status</c> the fake returns for a TokenReview. On the wire, as from the real server,
/// <c>authenticated</c> is omitted when false and <c>user</c> is <c>{}</c> when there is none.</summary>
/// <param name="Authenticated">Whether the token is associated with a known user.</param>
/// <param name="User">The user, when authenticated.</param>
/// <param name="Audiences">Audiences the token is valid for; null means the requested audiences (or, when
/// none were requested, <see cref="FakeKubeApiServer.ApiAudiences"/>).</param>
/// <param name="Error">Why the token could not be checked, e.g. <c>token has expired</c>.</param>
public sealed record TokenReviewAnswer(bool Authenticated, KubeUser? User = null, IReadOnlyList<string>? Audiences = null, string? Error = null)
{
    /// <summary>An authenticated answer for <paramref name="user"/>.</summary>
    public static TokenReviewAnswer For(KubeUser user, IReadOnlyList<string>? audiences = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new TokenReviewAnswer(true, user, audiences);
    }

    /// <summary>Not authenticated, optionally with an error text.</summary>
    public static TokenReviewAnswer Unauthenticated(string? error = null) => new(false, Error: error);
}

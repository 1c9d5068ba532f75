namespace Solvers.Propagation.Internal;

/// <summary>The tokens one check runs under: <paramref name="Caller"/> is the caller's (its cancellation throws);
/// <paramref name="Round"/> also fires at the polling deadline, which turns unanswered queries into timeouts.</summary>
internal readonly record struct QueryScope(CancellationToken Caller, CancellationToken Round)
{
    public static QueryScope For(CancellationToken token) => new(token, token);
}

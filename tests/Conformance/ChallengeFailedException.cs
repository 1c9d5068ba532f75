namespace Solvers.Conformance;

/// <summary>A solver reported that a Present or CleanUp failed, with the message cert-manager would show, e.g.
/// <c>invalid webhook.config at $.ttl: The field ttl must be between 1 and 86400.</c></summary>
public sealed class ChallengeFailedException : Exception
{
    /// <summary>Creates an exception with an empty message.</summary>
    public ChallengeFailedException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public ChallengeFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public ChallengeFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

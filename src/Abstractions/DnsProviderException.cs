namespace Solvers.Abstractions;

/// <summary>A provider failure with a message a user can act on, e.g.
/// <c>zone example.com. not found; does the token have Zone:Read on it?</c></summary>
/// <remarks>The host prefixes the solver name and returns the message to cert-manager, which shows it in the
/// Challenge's status. Never put a secret in it.</remarks>
public class DnsProviderException : Exception
{
    /// <summary>Creates an exception with an empty message; prefer the overloads that explain.</summary>
    public DnsProviderException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public DnsProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public DnsProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Solvers.Abstractions;

/// <summary>A referenced Secret or key does not exist in the request's namespace, or may not be read.</summary>
public sealed class SecretNotFoundException : DnsProviderException
{
    /// <summary>Creates an exception with an empty message; prefer the overloads that explain.</summary>
    public SecretNotFoundException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>, which names the Secret and key.</summary>
    public SecretNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public SecretNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

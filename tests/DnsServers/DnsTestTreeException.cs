namespace Solvers.Testing.DnsServers;

/// <summary>A <see cref="DnsTestTree"/> operation failed; the message carries the relevant log tail or tool output.</summary>
public sealed class DnsTestTreeException : Exception
{
    public DnsTestTreeException()
    {
    }

    public DnsTestTreeException(string message)
        : base(message)
    {
    }

    public DnsTestTreeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Solvers.Propagation.Internal;

/// <summary>Ends a check before any nameserver could be asked, e.g. <c>no SOA found for x.</c>; the checker turns it
/// into a report and never lets it out.</summary>
internal sealed class LookupException : Exception
{
    public LookupException(string message)
        : base(message)
    {
    }

    public LookupException()
    {
    }

    public LookupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

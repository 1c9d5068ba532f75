namespace Solvers.Propagation.Tests.Dns;

/// <summary>How a <see cref="TestDnsServer"/> misbehaves.</summary>
public enum ServerMode
{
    /// <summary>Answers correctly.</summary>
    Normal,

    /// <summary>Answers every query with REFUSED.</summary>
    Refuse,

    /// <summary>Answers every query with SERVFAIL.</summary>
    ServFail,

    /// <summary>Never answers, over UDP nor TCP (a firewall dropping port 53).</summary>
    Drop,

    /// <summary>Answers over UDP with TC=1 and nothing else; correctly over TCP.</summary>
    Truncate,

    /// <summary>Answers with the data but without AA.</summary>
    Lame,
}

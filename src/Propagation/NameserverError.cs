namespace Solvers.Propagation;

/// <summary>Why a nameserver address gave no usable answer (<see cref="NameserverState.Error"/>).</summary>
public enum NameserverError
{
    /// <summary>Not an error: the state is <see cref="NameserverState.Serving"/> or <see cref="NameserverState.NotYet"/>.</summary>
    None,

    /// <summary>No answer over UDP nor TCP within the query timeout (or before the deadline).</summary>
    Timeout,

    /// <summary>It answered REFUSED.</summary>
    Refused,

    /// <summary>It answered SERVFAIL.</summary>
    ServFail,

    /// <summary>It answered without the AA flag, or does not answer the zone's SOA authoritatively.</summary>
    Lame,

    /// <summary>Anything else: another response code, a network error, a nameserver without addresses.</summary>
    Other,
}

namespace Solvers.Propagation;

/// <summary>What one nameserver address answered for the TXT value.</summary>
public enum NameserverState
{
    /// <summary>It answered authoritatively with the value.</summary>
    Serving,

    /// <summary>It answered authoritatively without the value (NXDOMAIN, no TXT, or other values only): it lags.</summary>
    NotYet,

    /// <summary>It gave no usable answer; <see cref="NameserverResult.Error"/> says which kind.</summary>
    Error,
}

namespace Solvers.Propagation;

/// <summary>How authoritative addresses that fail to answer (time out, refuse, SERVFAIL, answer lame) count
/// when deciding whether a value has propagated. An address that answers authoritatively without the value
/// always blocks.</summary>
public enum UnreachablePolicy
{
    /// <summary>Every address must serve the value; any error blocks. This is what cert-manager does.</summary>
    Block,

    /// <summary>At least <see cref="PropagationOptions.Quorum"/> addresses (by default a majority) serve the value
    /// and none of the others answers without it; errors are tolerated.</summary>
    Quorum,

    /// <summary>At least one address serves the value and none answers without it; errors are ignored.</summary>
    ReachableOnly,
}

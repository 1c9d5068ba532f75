namespace Solvers.Providers.Rfc2136;

/// <summary>The transport of the UPDATE messages; cert-manager's <c>protocol</c> values, matched case-insensitively.</summary>
public enum Rfc2136Protocol
{
    /// <summary>UDP, as cert-manager's default.</summary>
    Udp,

    /// <summary>TCP, for servers or networks that take updates over TCP only.</summary>
    Tcp,
}

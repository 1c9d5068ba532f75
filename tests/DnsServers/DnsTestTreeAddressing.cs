namespace Solvers.Testing.DnsServers;

/// <summary>How a <see cref="DnsTestTree"/> gives its servers addresses and ports.</summary>
public enum DnsTestTreeAddressing
{
    /// <summary><see cref="DedicatedAddresses"/> when the process is root, otherwise <see cref="SharedLoopback"/>.</summary>
    Auto,

    /// <summary>
    /// Each server has its own 127.0.0.N address (added to <c>lo</c> when missing, which needs root) and all share one port,
    /// 53 by default. NS and glue records then work for any client, and the resolver iterates from the local root.
    /// </summary>
    DedicatedAddresses,

    /// <summary>
    /// Every server listens on 127.0.0.1 (and the primary on [::1]) with a port of its own. Glue records say 127.0.0.1,
    /// so clients need the per-server endpoints, and the resolver forwards each zone to its servers instead of iterating.
    /// </summary>
    SharedLoopback,
}

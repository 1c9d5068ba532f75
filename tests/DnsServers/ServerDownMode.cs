namespace Solvers.Testing.DnsServers;

/// <summary>What a stopped server's endpoints do (<see cref="DnsTestTree.StopServerAsync"/>).</summary>
public enum ServerDownMode
{
    /// <summary>The endpoints stay bound and never answer, so clients time out, like a firewalled or overloaded server.</summary>
    Unresponsive,

    /// <summary>
    /// Nothing listens: TCP connections are reset at once; UDP queries draw ICMP port unreachable, which only clients
    /// with connected UDP sockets notice (BIND, dig); others, such as DnsClient, still wait for their timeout.
    /// </summary>
    PortClosed,
}

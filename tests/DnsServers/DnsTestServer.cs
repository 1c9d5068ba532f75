namespace Solvers.Testing.DnsServers;

/// <summary>The servers of a <see cref="DnsTestTree"/>.</summary>
public enum DnsTestServer
{
    /// <summary>BIND9, authoritative for the root zone <c>.</c> and for <c>test.</c>; delegates <c>example.test.</c> and <c>other.test.</c>.</summary>
    Parent,

    /// <summary>BIND9, <c>ns1.example.test.</c>: primary for <c>example.test.</c> (RFC 2136 updates with the TSIG key) and <c>other.test.</c>.</summary>
    Primary,

    /// <summary>Knot DNS, <c>ns2.example.test.</c>: secondary for <c>example.test.</c>, refreshed on NOTIFY from the primary;
    /// also <c>ns.knot.test.</c>, primary for <c>knot.test.</c> (RFC 2136 updates with the TSIG key).</summary>
    Secondary,

    /// <summary>BIND9 recursive resolver whose only root is <see cref="Parent"/>.</summary>
    Resolver,
}

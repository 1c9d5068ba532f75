using DnsClient;
using Solvers.Abstractions;

namespace Solvers.Propagation.Internal;

/// <summary>Names and response codes as DNS people write them.</summary>
internal static class DnsText
{
    /// <summary>The mnemonic of a response code, e.g. <c>SERVFAIL</c> (RFC 1035 §4.1.1, RFC 6895 §2.3).</summary>
    public static string Rcode(DnsHeaderResponseCode code) => code switch
    {
        DnsHeaderResponseCode.NoError => "NOERROR",
        DnsHeaderResponseCode.FormatError => "FORMERR",
        DnsHeaderResponseCode.ServerFailure => "SERVFAIL",
        DnsHeaderResponseCode.NotExistentDomain => "NXDOMAIN",
        DnsHeaderResponseCode.NotImplemented => "NOTIMP",
        DnsHeaderResponseCode.Refused => "REFUSED",
        DnsHeaderResponseCode.NotAuthorized => "NOTAUTH",
        DnsHeaderResponseCode.NotZone => "NOTZONE",
        _ => $"RCODE {(int)code}",
    };

    /// <summary>Whether a name on the wire is <paramref name="name"/>, in any case.</summary>
    public static bool Is(DnsString wire, DnsName name) => TryName(wire, out var parsed) && parsed == name;

    /// <summary>A name from the wire as a <see cref="DnsName"/>; false for names it cannot hold (escapes, bad labels).</summary>
    public static bool TryName(DnsString wire, out DnsName name) => DnsName.TryParse(wire.Value, out name);
}

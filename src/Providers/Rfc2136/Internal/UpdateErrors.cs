using System.Globalization;
using Solvers.Abstractions;

namespace Solvers.Providers.Rfc2136.Internal;

/// <summary>Turns a failed UPDATE into a message a user can act on, always naming the server and the zone.</summary>
internal static class UpdateErrors
{
    // RCODEs (RFC 1035, RFC 2136) and TSIG errors (RFC 8945) by number, so no library's naming leaks into messages.
    private const int FormErr = 1;
    private const int ServFail = 2;
    private const int NotImp = 4;
    private const int Refused = 5;
    private const int NotAuth = 9;
    private const int NotZone = 10;
    private const int BadSig = 16;
    private const int BadKey = 17;
    private const int BadTime = 18;

    /// <summary>The context of one update, for messages.</summary>
    public sealed record Where(string Server, Rfc2136Protocol Protocol, DnsName Zone, DnsName Fqdn, TsigKey? Key, SecretKeyRef? SecretRef, string Namespace);

    public static DnsProviderException NoAnswer(Where where, TimeSpan timeout) => new(
        $"no answer from {where.Server} ({Protocol(where)}) to the update of zone {where.Zone} within "
        + $"{timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s: the server is unreachable, nothing listens on that "
        + "port, or a firewall drops the messages; check nameserver and protocol");

    public static DnsProviderException UnverifiedAnswer(Where where) => new(
        $"the answer from {where.Server} for zone {where.Zone} is not signed with TSIG key {where.Key?.Name}, or its "
        + "signature does not verify; the update may have been applied, but the answer cannot be trusted");

    /// <summary>NOTAUTH without a TSIG error: the zone is not served there, or (Knot) no ACL allows the update.</summary>
    public static bool IsAmbiguousNotAuth(UpdateAnswer answer) => answer.ReturnCode == NotAuth && answer.TsigError == 0;

    /// <summary>How to allow an update, for messages.</summary>
    private const string Allow = "allow it in the server's configuration (BIND: allow-update or update-policy; Knot: an ACL with action update)";

    /// <summary>The message for an answer other than NOERROR.</summary>
    /// <param name="where">The update's context.</param>
    /// <param name="answer">The answer.</param>
    /// <param name="servesZone">For NOTAUTH without a TSIG error: whether the server serves the zone (BIND answers NOTAUTH
    /// for a zone it does not serve, Knot also for an update its ACL denies); null when not known.</param>
    public static DnsProviderException FromAnswer(Where where, UpdateAnswer answer, bool? servesZone = null)
    {
        var server = where.Server;
        var zone = where.Zone;
        var key = where.Key;
        var keyText = key is null ? "unsigned updates" : $"TSIG key {key.Name}";
        var secret = where.SecretRef is { } s ? $"the secret in {where.Namespace}/{s.Name} key {s.Key}" : "the secret";
        string message = answer.ReturnCode switch
        {
            NotAuth when answer.TsigError == BadKey => key is null
                ? $"{server} rejected the update of zone {zone} (NOTAUTH, BADKEY)"
                : $"{server} does not know TSIG key {key.Name} with algorithm {key.AlgorithmName} (NOTAUTH, BADKEY) for the "
                    + $"update of zone {zone}; check tsigKeyName and tsigAlgorithm against the key in the server's configuration",
            NotAuth when answer.TsigError == BadSig =>
                $"{server} found the TSIG signature of {keyText} wrong (NOTAUTH, BADSIG) for the update of zone {zone}; "
                + $"{secret} or tsigAlgorithm ({key?.AlgorithmName}) does not match the server's key",
            NotAuth when answer.TsigError == BadTime =>
                $"{server} rejected the time of the TSIG signature (NOTAUTH, BADTIME) for the update of zone {zone}: this "
                + $"host's clock and the server's differ by more than {UpdateSender.Fudge.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; "
                + "synchronise them (NTP)",
            NotAuth when servesZone == true =>
                $"{server} did not allow the update of zone {zone} (NOTAUTH): it serves the zone, but its update policy does not "
                + $"allow {keyText} to change TXT records at {where.Fqdn}; {Allow}",
            NotAuth when servesZone == false =>
                $"{server} is not authoritative for zone {zone} (NOTAUTH): the zone is not served there, or {zone} is not a "
                + "zone of its own but a name inside one; nameserver must be the zone's primary server",
            NotAuth =>
                $"{server} rejected the update of zone {zone} (NOTAUTH): it does not serve the zone, or its update policy does "
                + $"not allow {keyText}; nameserver must be the zone's primary server, and {Allow}",
            Refused =>
                $"{server} refused the update of zone {zone} (REFUSED): its update policy does not allow {keyText} to change "
                + $"TXT records at {where.Fqdn}, or it is not the zone's primary; {Allow}",
            NotZone =>
                $"{server} answered NOTZONE to the update of zone {zone}: {where.Fqdn} is not in that zone there",
            NotImp =>
                $"{server} does not implement dynamic updates (NOTIMP) for zone {zone}",
            ServFail =>
                $"{server} failed to apply the update of zone {zone} (SERVFAIL); the server's log says why",
            FormErr =>
                $"{server} could not parse the update of zone {zone} (FORMERR)",
            _ =>
                $"{server} answered RCODE {answer.ReturnCode.ToString(CultureInfo.InvariantCulture)}"
                + (answer.TsigError != 0 ? $" with TSIG error {answer.TsigError.ToString(CultureInfo.InvariantCulture)}" : string.Empty)
                + $" to the update of zone {zone}",
        };
        return new DnsProviderException(message);
    }

    private static string Protocol(Where where) => where.Protocol == Rfc2136Protocol.Tcp ? "TCP" : "UDP";
}

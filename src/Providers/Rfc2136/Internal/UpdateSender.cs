using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;

namespace Solvers.Providers.Rfc2136.Internal;

/// <summary>Builds one RFC 2136 UPDATE with ARSoft.Tools.Net, signs it, sends it and reads the answer. The only place
/// that knows the library.</summary>
internal static class UpdateSender
{
    // cert-manager's fudge: the signature is accepted while the clocks differ by less than this.
    public static readonly TimeSpan Fudge = TimeSpan.FromSeconds(300);

    private const int MaxStringLength = 255;

    /// <summary>Adds (RFC 2136 section 2.5.1) or deletes (section 2.5.4, class NONE) exactly one TXT RR; null when no
    /// answer came (unreachable, timed out or cancelled: the library returns null for all of them).</summary>
    public static async Task<UpdateAnswer?> SendAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        var message = new DnsUpdateMessage { ZoneName = DomainName.Parse(request.Zone.Value) };
        var name = DomainName.Parse(request.Fqdn.Value);
        message.Updates.Add(request.Add
            ? new AddRecordUpdate(new TxtRecord(name, request.Ttl, Strings(request.Value)))
            // Class NONE with TTL 0: "delete an RR from an RRset", which matches name, type and RDATA only.
            : new DeleteRecordUpdate(new TxtRecord(name, 0, Strings(request.Value))));

        if (request.Key is { } key)
        {
            message.TSigOptions = new TSigRecord(
                DomainName.Parse(key.Name.Value), Algorithm(key.Algorithm), request.SignedAt, Fudge, message.TransactionID,
                ReturnCode.NoError, null, key.Secret);
        }

        IClientTransport transport = request.Protocol == Rfc2136Protocol.Tcp
            ? new TcpClientTransport(request.Port)
            : new UdpClientTransport(request.Port);
        using var client = new DnsClient(request.Addresses, [transport], disposeTransport: true, queryTimeout: (int)request.Timeout.TotalMilliseconds);
        var response = await client.SendUpdateAsync(message, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        var tsig = response.TSigOptions;
        return new UpdateAnswer(
            (int)response.ReturnCode,
            tsig is null ? 0 : (int)tsig.Error,
            Signed: tsig is not null,
            SignatureValid: tsig is not null && tsig.ValidationResult == ReturnCode.NoError);
    }

    /// <summary>Whether the server answers authoritatively with the SOA of <see cref="UpdateRequest.Zone"/>, i.e. serves
    /// that zone; null without an answer. Tells apart the two meanings servers give NOTAUTH.</summary>
    public static async Task<bool?> ServesZoneAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        IClientTransport transport = request.Protocol == Rfc2136Protocol.Tcp
            ? new TcpClientTransport(request.Port)
            : new UdpClientTransport(request.Port);
        using var client = new DnsClient(request.Addresses, [transport], disposeTransport: true, queryTimeout: (int)request.Timeout.TotalMilliseconds);
        var zone = DomainName.Parse(request.Zone.Value);
        var response = await client.ResolveAsync(zone, RecordType.Soa, RecordClass.INet, new DnsQueryOptions { IsRecursionDesired = false }, cancellationToken)
            .ConfigureAwait(false);
        return response is null
            ? null
            : response.ReturnCode == ReturnCode.NoError && response.IsAuthoritiveAnswer
                && response.AnswerRecords.OfType<SoaRecord>().Any(r => r.Name.Equals(zone));
    }

    /// <summary>The value as character-strings of at most 255 octets (RFC 1035 section 3.3.14).</summary>
    private static IEnumerable<string> Strings(string value) =>
        value.Length == 0 ? [string.Empty] : value.Chunk(MaxStringLength).Select(c => new string(c));

    private static TSigAlgorithm Algorithm(Rfc2136TsigAlgorithm algorithm) => algorithm switch
    {
        Rfc2136TsigAlgorithm.HmacMd5 => TSigAlgorithm.Md5,
        Rfc2136TsigAlgorithm.HmacSha1 => TSigAlgorithm.Sha1,
        Rfc2136TsigAlgorithm.HmacSha256 => TSigAlgorithm.Sha256,
        Rfc2136TsigAlgorithm.HmacSha384 => TSigAlgorithm.Sha384,
        Rfc2136TsigAlgorithm.HmacSha512 => TSigAlgorithm.Sha512,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown TSIG algorithm"),
    };
}

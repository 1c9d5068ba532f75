using System.Globalization;
using System.Net;
using DnsClient;
using Solvers.Abstractions;

namespace Solvers.Propagation.Internal;

/// <summary>Asks one server for the TXT value and classifies its answer into a <see cref="NameserverResult"/>.</summary>
internal static class ServerProbe
{
    /// <summary>Asks an authoritative address (RD=0) for TXT at <paramref name="name"/> and, at the same time, for the
    /// zone's SOA: that answer carries the serial and shows whether the server is authoritative for the zone.</summary>
    public static async Task<NameserverResult> CheckAuthoritativeAsync(
        DnsExchanger exchanger, DnsName host, IPEndPoint address, DnsName name, DnsName zone, string value, QueryScope scope)
    {
        var txtQuery = exchanger.QueryAsync(address, name, QueryType.TXT, recursion: false, scope);
        var soaQuery = exchanger.QueryAsync(address, zone, QueryType.SOA, recursion: false, scope);
        await Task.WhenAll(txtQuery, soaQuery);
        var (txt, soa) = (await txtQuery, await soaQuery);

        if (txt.Response is not { } response)
        {
            return Error(host, address, txt.TimedOut ? NameserverError.Timeout : NameserverError.Other, txt.Failure!, null, null);
        }

        var rtt = txt.Elapsed;
        var serial = SerialFrom(soa.Response, zone) ?? SerialFrom(response, zone);
        if (RcodeError(response) is { } rcodeError)
        {
            return Error(host, address, rcodeError.Kind, rcodeError.Detail, serial, rtt);
        }

        if (!response.Header.HasAuthorityAnswer)
        {
            return Error(host, address, NameserverError.Lame, $"answered {DnsText.Rcode(response.Header.ResponseCode)} without the AA flag", serial, rtt);
        }

        if (soa.Response is { } soaResponse && SerialFrom(soaResponse, zone) is null)
        {
            var why = soaResponse.Header.ResponseCode is not (DnsHeaderResponseCode.NoError or DnsHeaderResponseCode.NotExistentDomain)
                ? $"answered {DnsText.Rcode(soaResponse.Header.ResponseCode)} to the SOA query for {zone}"
                : $"no authoritative SOA for {zone}";
            return Error(host, address, NameserverError.Lame, why, serial, rtt);
        }

        return Compare(host, address, response, name, value, serial, rtt, txt.Transport);
    }

    /// <summary>Asks a recursive resolver (RD=1) for TXT at <paramref name="name"/>, for recursive-only mode.</summary>
    public static async Task<NameserverResult> CheckResolverAsync(DnsExchanger exchanger, IPEndPoint resolver, DnsName name, string value, QueryScope scope)
    {
        var txt = await exchanger.QueryAsync(resolver, name, QueryType.TXT, recursion: true, scope);
        if (txt.Response is not { } response)
        {
            return Error(null, resolver, txt.TimedOut ? NameserverError.Timeout : NameserverError.Other, txt.Failure!, null, null);
        }

        return RcodeError(response) is { } rcodeError
            ? Error(null, resolver, rcodeError.Kind, rcodeError.Detail, null, txt.Elapsed)
            : Compare(null, resolver, response, name, value, null, txt.Elapsed, txt.Transport);
    }

    private static NameserverResult Compare(
        DnsName? host, IPEndPoint address, IDnsQueryResponse response, DnsName name, string value, uint? serial, TimeSpan rtt, string transport)
    {
        var via = transport == "UDP" ? string.Empty : $", over {transport}";
        var values = response.Answers.TxtRecords()
            .Where(r => DnsText.Is(r.DomainName, name))
            .Select(r => string.Concat(r.Text))
            .ToList();

        // Exact and case-sensitive: ACME compares the digest byte for byte. Character-strings are joined first
        // (RFC 8555 §8.4 values are short, but providers may split them anyway).
        if (values.Contains(value, StringComparer.Ordinal))
        {
            var others = values.Count - 1;
            var detail = others == 0 ? "has the value" : string.Create(CultureInfo.InvariantCulture, $"has the value and {others} other{(others == 1 ? string.Empty : "s")}");
            return new(host, address, NameserverState.Serving, NameserverError.None, detail + via, serial, rtt);
        }

        string missing;
        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            missing = "NXDOMAIN";
        }
        else if (response.Answers.CnameRecords().FirstOrDefault(c => DnsText.Is(c.DomainName, name)) is { } cname)
        {
            missing = $"CNAME to {cname.CanonicalName.Value} instead of TXT";
        }
        else if (values.Count == 0)
        {
            missing = "no TXT records";
        }
        else
        {
            missing = string.Create(CultureInfo.InvariantCulture, $"{values.Count} TXT value{(values.Count == 1 ? string.Empty : "s")}, none matches");
        }

        return new(host, address, NameserverState.NotYet, NameserverError.None, missing + via, serial, rtt);
    }

    private static (NameserverError Kind, string Detail)? RcodeError(IDnsQueryResponse response) => response.Header.ResponseCode switch
    {
        DnsHeaderResponseCode.NoError or DnsHeaderResponseCode.NotExistentDomain => null,
        DnsHeaderResponseCode.Refused => (NameserverError.Refused, "answered REFUSED"),
        DnsHeaderResponseCode.ServerFailure => (NameserverError.ServFail, "answered SERVFAIL"),
        var code => (NameserverError.Other, $"answered {DnsText.Rcode(code)}"),
    };

    /// <summary>The serial of the zone's SOA in an authoritative answer: in the answer section, or in the authority
    /// section of a negative answer.</summary>
    private static uint? SerialFrom(IDnsQueryResponse? response, DnsName zone)
    {
        if (response is not { Header.HasAuthorityAnswer: true }
            || response.Header.ResponseCode is not (DnsHeaderResponseCode.NoError or DnsHeaderResponseCode.NotExistentDomain))
        {
            return null;
        }

        var soa = response.Answers.SoaRecords().Concat(response.Authorities.SoaRecords())
            .FirstOrDefault(s => DnsText.Is(s.DomainName, zone));
        return soa?.Serial;
    }

    private static NameserverResult Error(DnsName? host, IPEndPoint address, NameserverError kind, string detail, uint? serial, TimeSpan? rtt) =>
        new(host, address, NameserverState.Error, kind, detail, serial, rtt);
}

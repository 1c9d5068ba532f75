using System.Net;
using DnsClient;
using Solvers.Abstractions;

namespace Solvers.Conformance.Internal;

/// <summary>One TXT query to one server, never cached, UDP with a TCP retry on truncation.</summary>
internal static class DnsTxtQuery
{
    public static LookupClient Client(IPEndPoint server, bool recursion, TimeSpan timeout) =>
        new(new LookupClientOptions(new NameServer(server))
        {
            Recursion = recursion,
            UseCache = false,
            UseTcpFallback = true,
            Timeout = timeout,
            Retries = 1,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });

    public static async Task<TxtSourceAnswer> AskAsync(LookupClient client, string source, DnsName fqdn, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await client.QueryAsync(fqdn.Value, QueryType.TXT, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException ex)
        {
            // DnsClient reports cancellation as a DnsResponseException too.
            cancellationToken.ThrowIfCancellationRequested();
            return new TxtSourceAnswer(source, [], $"no answer: {ex.Message}");
        }

        var code = response.Header.ResponseCode;
        if (code == DnsHeaderResponseCode.NotExistentDomain)
        {
            return new TxtSourceAnswer(source, []);
        }

        if (code != DnsHeaderResponseCode.NoError)
        {
            return new TxtSourceAnswer(source, [], $"answered {code}");
        }

        List<string> values =
        [
            .. response.Answers.TxtRecords()
                .Where(r => DnsName.TryParse(r.DomainName.Value, out var name) && name == fqdn)
                .Select(r => string.Concat(r.Text)),
        ];
        return new TxtSourceAnswer(source, values);
    }
}

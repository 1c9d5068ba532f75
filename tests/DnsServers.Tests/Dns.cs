using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Solvers.Testing.DnsServers.Tests;

/// <summary>Queries with DnsClient, an independent client: no cache, no retries, one server per client.</summary>
internal static class Dns
{
    public static LookupClient Client(IPEndPoint server, bool recursion = false, TimeSpan? timeout = null) =>
        new(new LookupClientOptions(new NameServer(server))
        {
            Recursion = recursion,
            UseCache = false,
            Timeout = timeout ?? TimeSpan.FromSeconds(3),
            Retries = 0,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseTcpFallback = true,
        });

    public static Task<IDnsQueryResponse> QueryAsync(IPEndPoint server, string name, QueryType type, bool recursion = false) =>
        Client(server, recursion).QueryAsync(name, type, QueryClass.IN, TestContext.Current.CancellationToken);

    public static async Task<string[]> TxtAsync(IPEndPoint server, string name, bool recursion = false)
    {
        var response = await QueryAsync(server, name, QueryType.TXT, recursion);
        return [.. response.Answers.TxtRecords().SelectMany(r => r.Text)];
    }

    public static async Task<uint?> SerialAsync(IPEndPoint server, string zone)
    {
        var response = await QueryAsync(server, zone, QueryType.SOA);
        return response.Answers.OfType<SoaRecord>().FirstOrDefault()?.Serial;
    }

    /// <summary>A fresh challenge name, so tests sharing one tree never see each other's records.</summary>
    public static string UniqueName(string zone) => $"_acme-challenge.t{Guid.NewGuid().ToString("N")[..12]}.{zone}";
}

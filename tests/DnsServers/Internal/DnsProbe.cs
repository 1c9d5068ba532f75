using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>Single queries to one server, the way readiness and serial checks need them: no cache, no retries.</summary>
internal static class DnsProbe
{
    public static LookupClient Client(IPEndPoint endpoint, bool recursion, TimeSpan timeout) =>
        new(new LookupClientOptions(new NameServer(endpoint))
        {
            UseCache = false,
            Recursion = recursion,
            Timeout = timeout,
            Retries = 0,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseTcpFallback = true,
        });

    /// <summary>The response, or null and the reason when none came.</summary>
    public static async Task<(IDnsQueryResponse? Response, string? Problem)> QueryAsync(
        IPEndPoint endpoint, string name, QueryType type, bool recursion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Client(endpoint, recursion, timeout)
                .QueryAsync(name, type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
            return (response, null);
        }
        catch (DnsResponseException e)
        {
            return (null, $"no answer from {EndpointLocks.Format(endpoint)} ({e.Message})");
        }
        catch (SocketException e)
        {
            return (null, $"no answer from {EndpointLocks.Format(endpoint)} ({e.Message})");
        }
    }
}

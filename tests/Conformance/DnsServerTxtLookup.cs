using System.Net;
using DnsClient;
using Solvers.Abstractions;
using Solvers.Conformance.Internal;

namespace Solvers.Conformance;

/// <summary>Observes TXT values by asking one DNS server directly, e.g. the provider's own server on
/// <c>127.0.0.1:8053</c>, or a test server that serves the zone.</summary>
public sealed class DnsServerTxtLookup : ITxtLookup
{
    private readonly LookupClient _client;
    private readonly string _source;

    /// <summary>Creates a lookup that asks <paramref name="server"/>.</summary>
    /// <param name="server">The server's address and port, e.g. <c>127.0.0.1:8053</c>.</param>
    /// <param name="recursion">Sets RD: <see langword="false"/> (the default) for an authoritative server, <see langword="true"/>
    /// for a resolver (which may serve a cached answer until its TTL runs out).</param>
    /// <param name="queryTimeout">The timeout of one query; 2 seconds by default.</param>
    public DnsServerTxtLookup(IPEndPoint server, bool recursion = false, TimeSpan? queryTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        _source = $"DNS server {server}";
        _client = DnsTxtQuery.Client(server, recursion, queryTimeout ?? TimeSpan.FromSeconds(2));
    }

    /// <summary>The server asked.</summary>
    public IPEndPoint Server { get; }

    /// <inheritdoc />
    public string Description => _source;

    /// <inheritdoc />
    public async Task<TxtObservation> LookupAsync(DnsName fqdn, CancellationToken cancellationToken) =>
        new([await DnsTxtQuery.AskAsync(_client, _source, fqdn, cancellationToken).ConfigureAwait(false)]);
}

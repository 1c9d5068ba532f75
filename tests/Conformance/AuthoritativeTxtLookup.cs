using System.Collections.Concurrent;
using System.Net;
using DnsClient;
using Solvers.Abstractions;
using Solvers.Conformance.Internal;
using Solvers.Propagation;

namespace Solvers.Conformance;

/// <summary>Observes TXT values as cert-manager's self-check does, through the host's
/// <see cref="PropagationChecker"/>: the name's CNAMEs are followed and its zone and nameservers found through the
/// given resolvers, then every address of every authoritative nameserver is asked directly. A value is served only
/// when every address serves it.</summary>
/// <remarks>Give <see cref="PropagationOptions.RecursiveNameservers"/> explicitly: empty means the system's
/// resolvers, which sends the lookups wherever the machine is configured to send them.</remarks>
public sealed class AuthoritativeTxtLookup : ITxtLookup
{
    // The checker needs a value to judge; the lookup only wants its list of servers.
    private const string Probe = "solvers-conformance-probe";

    private readonly PropagationChecker _checker;
    private readonly TimeSpan _queryTimeout;
    private readonly ConcurrentDictionary<IPEndPoint, LookupClient> _clients = new();

    /// <summary>Creates a lookup with <paramref name="options"/>, e.g. <c>new() { RecursiveNameservers =
    /// PropagationOptions.ParseNameservers(["127.0.0.5:53"]) }</c>.</summary>
    public AuthoritativeTxtLookup(PropagationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _checker = new PropagationChecker(options);
        _queryTimeout = options.QueryTimeout;
    }

    /// <summary>The checker's settings.</summary>
    public PropagationOptions Options { get; }

    /// <inheritdoc />
    public string Description => Options.RecursiveNameservers.Count == 0
        ? "every authoritative server (found through the system's resolvers)"
        : $"every authoritative server (found through {string.Join(", ", Options.RecursiveNameservers)})";

    /// <inheritdoc />
    public async Task<TxtObservation> LookupAsync(DnsName fqdn, CancellationToken cancellationToken)
    {
        var report = await _checker.CheckAsync(fqdn, Probe, cancellationToken).ConfigureAwait(false);
        if (report.LookupError is { } error)
        {
            return new TxtObservation([new TxtSourceAnswer($"propagation checker for {fqdn}", [], error)]);
        }

        var answers = await Task.WhenAll(report.Servers.Select(server => AskAsync(server, report.ResolvedFqdn, cancellationToken))).ConfigureAwait(false);
        return new TxtObservation(answers);
    }

    private async Task<TxtSourceAnswer> AskAsync(NameserverResult server, DnsName name, CancellationToken cancellationToken)
    {
        var source = server.Nameserver is { } host ? $"{host} ({server.Address?.ToString() ?? "no address"})" : server.Address?.ToString() ?? "resolver";
        if (server.Address is null || server.State == NameserverState.Error)
        {
            return new TxtSourceAnswer(source, [], server.Detail);
        }

        var client = _clients.GetOrAdd(server.Address, a => DnsTxtQuery.Client(a, recursion: server.Nameserver is null, _queryTimeout));
        return await DnsTxtQuery.AskAsync(client, source, name, cancellationToken).ConfigureAwait(false);
    }
}

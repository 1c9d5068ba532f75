using Solvers.Abstractions;

namespace Solvers.Conformance;

/// <summary>How the rules see which TXT values are served at a name: a DNS server asked directly
/// (<see cref="DnsServerTxtLookup"/>), every authoritative server of the zone (<see cref="AuthoritativeTxtLookup"/>),
/// or the provider's own view, such as a fake API's state (<see cref="TxtLookup.FromDelegate"/>).</summary>
/// <remarks>Implementations are safe for concurrent calls and never cache answers.</remarks>
public interface ITxtLookup
{
    /// <summary>Names the lookup in reports, e.g. <c>DNS server 127.0.0.1:8053</c>.</summary>
    string Description { get; }

    /// <summary>Asks every source once for the TXT values at <paramref name="fqdn"/>.</summary>
    /// <param name="fqdn">e.g. <c>_acme-challenge.solvers-conformance-1a2b.example.com.</c></param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    Task<TxtObservation> LookupAsync(DnsName fqdn, CancellationToken cancellationToken);
}

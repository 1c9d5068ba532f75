using Solvers.Abstractions;

namespace Solvers.Conformance;

/// <summary>Lookups that are not DNS.</summary>
public static class TxtLookup
{
    /// <summary>A lookup that asks <paramref name="values"/>, e.g. a fake API's record store or a provider's list call.</summary>
    /// <param name="description">Names the source, e.g. <c>fake Cloudflare API</c>.</param>
    /// <param name="values">Returns the TXT values at a name (empty when there are none).</param>
    public static ITxtLookup FromDelegate(string description, Func<DnsName, CancellationToken, Task<IReadOnlyList<string>>> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(description);
        ArgumentNullException.ThrowIfNull(values);
        return new DelegateLookup(description, values);
    }

    private sealed class DelegateLookup(string description, Func<DnsName, CancellationToken, Task<IReadOnlyList<string>>> values) : ITxtLookup
    {
        public string Description => description;

        public async Task<TxtObservation> LookupAsync(DnsName fqdn, CancellationToken cancellationToken) =>
            new([new TxtSourceAnswer(description, [.. await values(fqdn, cancellationToken).ConfigureAwait(false)])]);
    }
}

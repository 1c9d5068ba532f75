namespace Solvers.Abstractions;

/// <summary>Writes and removes ACME DNS-01 TXT values at one DNS service.</summary>
/// <typeparam name="TConfig">
/// Bound from the issuer's <c>dns01.webhook.config</c> JSON for each request. A missing config binds as <c>{}</c>.
/// </typeparam>
/// <remarks>
/// <para>One instance serves every request of the process (it is a singleton), so an implementation must be safe
/// for concurrent calls, also on the same name. Where the DNS API is read-modify-write, serialise per zone.</para>
/// <para>Keep no state between <see cref="PresentAsync"/> and <see cref="CleanUpAsync"/>: CleanUp may run in another
/// replica or after a restart, so look a record up by (name, TXT, value), never by a remembered ID.</para>
/// <para>A call's task may complete when a shared write completes: an implementation is free to coalesce concurrent
/// calls for one zone into one API call (a change batch) as long as each task reports its own value's outcome.</para>
/// <para>Failures are thrown, preferably as <see cref="DnsProviderException"/> with a message a user can act on and
/// no secret in it. Honour the <see cref="CancellationToken"/>: the host cancels a call when its time budget runs out.
/// Waiting for propagation is not the provider's job; the host does it.</para>
/// </remarks>
public interface IDnsProvider<in TConfig>
    where TConfig : class
{
    /// <summary>The issuer's <c>solverName</c>, e.g. <c>cloudflare</c>. Lowercase (cert-manager lowercases it in the
    /// URL) and unique per host; never renamed, because issuers depend on it.</summary>
    string Name { get; }

    /// <summary>Adds <see cref="DnsChallenge.Value"/> beside any TXT values already at <see cref="DnsChallenge.Fqdn"/>.
    /// Repeating a call that succeeded is a no-op: the value is then present once.</summary>
    Task PresentAsync(DnsChallenge challenge, TConfig config, CancellationToken cancellationToken);

    /// <summary>Removes exactly the TXT value <see cref="DnsChallenge.Value"/> at <see cref="DnsChallenge.Fqdn"/>.
    /// Other values at that name and every other record stay. An absent value is success.</summary>
    Task CleanUpAsync(DnsChallenge challenge, TConfig config, CancellationToken cancellationToken);
}

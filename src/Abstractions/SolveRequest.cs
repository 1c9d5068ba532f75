using System.Text.Json;

namespace Solvers.Abstractions;

/// <summary>The fields of a cert-manager <c>ChallengeRequest</c> that a solver acts on, as they arrived.</summary>
/// <param name="Uid">The request's <c>uid</c> (empty from cert-manager).</param>
/// <param name="DnsName">The domain being validated, e.g. <c>example.com</c> (also for <c>*.example.com</c>).</param>
/// <param name="ResolvedFqdn">The TXT record's name, e.g. <c>_acme-challenge.example.com.</c>; when empty,
/// <c>_acme-challenge.&lt;DnsName&gt;.</c> is used.</param>
/// <param name="ResolvedZone">The zone, e.g. <c>example.com.</c>.</param>
/// <param name="Key">The TXT value.</param>
/// <param name="ResourceNamespace">Where the issuer's secrets live.</param>
/// <param name="AllowAmbientCredentials">Whether ambient credentials may be used.</param>
/// <param name="Config">The raw <c>webhook.config</c> value, or <see langword="null"/> when absent.</param>
/// <param name="Secrets">A reader bound to <paramref name="ResourceNamespace"/>.</param>
public sealed record SolveRequest(
    string Uid,
    string DnsName,
    string ResolvedFqdn,
    string ResolvedZone,
    string Key,
    string ResourceNamespace,
    bool AllowAmbientCredentials,
    JsonElement? Config,
    ISecretReader Secrets);

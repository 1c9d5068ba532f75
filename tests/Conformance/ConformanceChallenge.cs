using System.Text.Json;

namespace Solvers.Conformance;

/// <summary>One challenge as cert-manager describes it in a <c>ChallengeRequest</c>, before any parsing: names are kept
/// exactly as written (case, trailing dot), so that a target can be checked on how it reads them.</summary>
/// <param name="ResolvedFqdn">The TXT record's name, e.g. <c>_acme-challenge.solvers-conformance-1a2b.example.com.</c>.</param>
/// <param name="ResolvedZone">The zone, e.g. <c>example.com.</c>.</param>
/// <param name="Key">The TXT value, e.g. <c>LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0</c>.</param>
/// <param name="DnsName">The domain being validated, e.g. <c>solvers-conformance-1a2b.example.com</c>.</param>
/// <param name="Config">The issuer's <c>webhook.config</c>, or <see langword="null"/> for none.</param>
public sealed record ConformanceChallenge(string ResolvedFqdn, string ResolvedZone, string Key, string DnsName, JsonElement? Config);

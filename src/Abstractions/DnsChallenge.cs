namespace Solvers.Abstractions;

/// <summary>One DNS-01 request, already resolved through CNAMEs by cert-manager.</summary>
/// <param name="Fqdn">The TXT record's name, e.g. <c>_acme-challenge.www.example.com.</c>.</param>
/// <param name="Zone">The zone that holds it, e.g. <c>example.com.</c>; <see cref="Fqdn"/> is always in it.</param>
/// <param name="Value">The TXT value, e.g. <c>LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0</c>. Compare it
/// case-sensitively. It is not secret, but providers should not log it.</param>
/// <param name="Context">Facts about the request and the services bound to it.</param>
public sealed record DnsChallenge(DnsName Fqdn, DnsName Zone, string Value, ChallengeContext Context)
{
    /// <summary><see cref="Fqdn"/> relative to <see cref="Zone"/>, e.g. <c>_acme-challenge.www</c>; <c>@</c> at the apex.</summary>
    public string RelativeName => Fqdn.RelativeTo(Zone);
}

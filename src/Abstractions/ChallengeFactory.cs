namespace Solvers.Abstractions;

/// <summary>Turns the names of a <see cref="SolveRequest"/> into a checked <see cref="DnsChallenge"/>.</summary>
internal static class ChallengeFactory
{
    public static DnsChallenge Create(SolveRequest request)
    {
        if (string.IsNullOrEmpty(request.Key))
        {
            throw new DnsProviderException("request.key is empty: there is no TXT value to write");
        }

        DnsName fqdn;
        string fqdnField;
        if (!string.IsNullOrEmpty(request.ResolvedFqdn))
        {
            fqdnField = "request.resolvedFQDN";
            fqdn = ParseName(request.ResolvedFqdn, fqdnField);
        }
        else if (!string.IsNullOrEmpty(request.DnsName))
        {
            // cert-manager's own default when no CNAME was followed.
            fqdnField = "request.dnsName";
            fqdn = ParseName("_acme-challenge." + request.DnsName.TrimEnd('.'), fqdnField);
        }
        else
        {
            throw new DnsProviderException("request.resolvedFQDN and request.dnsName are both empty: there is no record name");
        }

        if (string.IsNullOrEmpty(request.ResolvedZone))
        {
            throw new DnsProviderException($"request.resolvedZone is empty: the zone of {fqdn} is not known");
        }

        var zone = ParseName(request.ResolvedZone, "request.resolvedZone");
        if (!fqdn.IsSubdomainOf(zone))
        {
            throw new DnsProviderException($"{fqdn} (from {fqdnField}) is not in request.resolvedZone {zone}");
        }

        var context = new ChallengeContext(request.Uid, request.ResourceNamespace, request.AllowAmbientCredentials, request.Secrets);
        return new DnsChallenge(fqdn, zone, request.Key, context);
    }

    private static DnsName ParseName(string value, string field)
    {
        try
        {
            return DnsName.Parse(value);
        }
        catch (FormatException ex)
        {
            throw new DnsProviderException($"{field} is not a valid DNS name: {ex.Message}", ex);
        }
    }
}

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>The tree's fixed names.</summary>
internal static class Zones
{
    public const string Root = ".";
    public const string Parent = "test.";
    public const string Example = "example.test.";
    public const string Other = "other.test.";
    public const string ParentNameServer = "ns.test.";
    public const string PrimaryNameServer = "ns1.example.test.";
    public const string SecondaryNameServer = "ns2.example.test.";
    public const string OtherNameServer = "ns.other.test.";

    /// <summary>Lowercase with a trailing dot.</summary>
    public static string Normalize(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var lower = name.Trim().ToLowerInvariant();
        return lower.EndsWith('.') ? lower : lower + ".";
    }

    /// <summary>The primary's zone that holds <paramref name="fqdn"/>.</summary>
    public static string PrimaryZoneOf(string fqdn)
    {
        var name = Normalize(fqdn);
        foreach (var zone in new[] { Example, Other })
        {
            if (name == zone || name.EndsWith("." + zone, StringComparison.Ordinal))
            {
                return zone;
            }
        }

        throw new ArgumentException($"{name} is in neither {Example} nor {Other}, the zones the primary serves.", nameof(fqdn));
    }
}

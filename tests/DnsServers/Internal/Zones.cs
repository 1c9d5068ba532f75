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
    public const string Knot = "knot.test.";
    public const string KnotNameServer = "ns.knot.test.";

    /// <summary>Lowercase with a trailing dot.</summary>
    public static string Normalize(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var lower = name.Trim().ToLowerInvariant();
        return lower.EndsWith('.') ? lower : lower + ".";
    }

    /// <summary>The zone that holds <paramref name="fqdn"/> among those that take updates (on the primary, or <see cref="Knot"/> on the secondary).</summary>
    public static string PrimaryZoneOf(string fqdn)
    {
        var name = Normalize(fqdn);
        foreach (var zone in new[] { Example, Other, Knot })
        {
            if (name == zone || name.EndsWith("." + zone, StringComparison.Ordinal))
            {
                return zone;
            }
        }

        throw new ArgumentException($"{name} is in none of {Example}, {Other} and {Knot}, the zones that take updates.", nameof(fqdn));
    }
}

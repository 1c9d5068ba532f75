using System.Globalization;
using System.Text;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>
/// Zone files. SOA refresh is an hour so the secondary moves only on NOTIFY (or an explicit refresh); the negative
/// TTL is one second so a name looked up before it was added is not cached as absent for long.
/// </summary>
internal static class ZoneFiles
{
    private const string Soa = "3600 600 86400 1";

    public static string Root(TreeLayout layout) => new StringBuilder()
        .AppendLine("$TTL 3600")
        .AppendLine(CultureInfo.InvariantCulture, $". IN SOA {Zones.ParentNameServer} hostmaster.test. 1 {Soa}")
        .AppendLine(CultureInfo.InvariantCulture, $". IN NS {Zones.ParentNameServer}")
        .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Parent} IN NS {Zones.ParentNameServer}")
        .AppendLine(CultureInfo.InvariantCulture, $"{Zones.ParentNameServer} IN A {layout.Parent.Address}")
        .ToString();

    public static string Parent(TreeLayout layout)
    {
        var text = new StringBuilder()
            .AppendLine("$TTL 60")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Parent} IN SOA {Zones.ParentNameServer} hostmaster.test. 1 {Soa}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Parent} IN NS {Zones.ParentNameServer}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.ParentNameServer} IN A {layout.Parent.Address}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Example} IN NS {Zones.PrimaryNameServer}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Example} IN NS {Zones.SecondaryNameServer}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.PrimaryNameServer} IN A {layout.Primary.Address}");
        if (layout.PrimaryIpv6 is { } ipv6)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{Zones.PrimaryNameServer} IN AAAA {ipv6}");
        }

        return text
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.SecondaryNameServer} IN A {layout.Secondary.Address}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Other} IN NS {Zones.OtherNameServer}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.OtherNameServer} IN A {layout.Primary.Address}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Knot} IN NS {Zones.KnotNameServer}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.KnotNameServer} IN A {layout.Secondary.Address}")
            .ToString();
    }

    public static string Example(TreeLayout layout)
    {
        var text = new StringBuilder()
            .AppendLine("$TTL 60")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Example} IN SOA {Zones.PrimaryNameServer} hostmaster.example.test. 1 {Soa}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Example} IN NS {Zones.PrimaryNameServer}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Example} IN NS {Zones.SecondaryNameServer}")
            .AppendLine(CultureInfo.InvariantCulture, $"{Zones.PrimaryNameServer} IN A {layout.Primary.Address}");
        if (layout.PrimaryIpv6 is { } ipv6)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{Zones.PrimaryNameServer} IN AAAA {ipv6}");
        }

        return text.AppendLine(CultureInfo.InvariantCulture, $"{Zones.SecondaryNameServer} IN A {layout.Secondary.Address}").ToString();
    }

    public static string Other(TreeLayout layout) => new StringBuilder()
        .AppendLine("$TTL 60")
        .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Other} IN SOA {Zones.OtherNameServer} hostmaster.other.test. 1 {Soa}")
        .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Other} IN NS {Zones.OtherNameServer}")
        .AppendLine(CultureInfo.InvariantCulture, $"{Zones.OtherNameServer} IN A {layout.Primary.Address}")
        .ToString();

    /// <summary><c>knot.test.</c>, primary on the Knot server, which takes TSIG-signed updates for it.</summary>
    public static string Knot(TreeLayout layout) => new StringBuilder()
        .AppendLine("$TTL 60")
        .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Knot} IN SOA {Zones.KnotNameServer} hostmaster.knot.test. 1 {Soa}")
        .AppendLine(CultureInfo.InvariantCulture, $"{Zones.Knot} IN NS {Zones.KnotNameServer}")
        .AppendLine(CultureInfo.InvariantCulture, $"{Zones.KnotNameServer} IN A {layout.Secondary.Address}")
        .ToString();

    /// <summary>Root hints naming only the parent: no named in the tree ever learns of the real root servers.</summary>
    public static string RootHints(TreeLayout layout) => new StringBuilder()
        .AppendLine(CultureInfo.InvariantCulture, $". 3600000 IN NS {Zones.ParentNameServer}")
        .AppendLine(CultureInfo.InvariantCulture, $"{Zones.ParentNameServer} 3600000 IN A {layout.Parent.Address}")
        .ToString();
}

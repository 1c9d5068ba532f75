using System.Globalization;
using System.Text;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>
/// knot.conf for the secondary: <c>example.test.</c> from the primary, refreshed on NOTIFY (SOA refresh is an hour,
/// so nothing else moves it). The zone comes from a template so that <c>knotc conf-set</c> can add it back after
/// <see cref="DnsTestTree.SetRefusingAsync"/> removed it.
/// </summary>
internal static class KnotConfig
{
    public const string ZoneTemplate = "secondary";

    public static string Render(TreeLayout layout, string directory, bool refusing)
    {
        var self = layout.Secondary;
        var primary = layout.Primary;
        var text = new StringBuilder();
        text.AppendLine("server:");
        text.AppendLine(CultureInfo.InvariantCulture, $"    rundir: \"{directory}\"");
        text.AppendLine(CultureInfo.InvariantCulture, $"    pidfile: \"{Path.Combine(directory, "knot.pid")}\"");
        text.AppendLine(layout.Ipv6Server == DnsTestServer.Secondary && layout.PrimaryIpv6 is { } ipv6
            ? string.Create(CultureInfo.InvariantCulture, $"    listen: [ {Endpoint(self)}, {ipv6}@{layout.Primary.Port} ]")
            : $"    listen: {Endpoint(self)}");
        // Two cores for the whole test run: one worker of each kind is plenty.
        text.AppendLine("    udp-workers: 1");
        text.AppendLine("    tcp-workers: 1");
        text.AppendLine("    background-workers: 1");
        text.AppendLine("log:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  - target: \"{Path.Combine(directory, "knotd.log")}\"");
        text.AppendLine("    any: info");
        text.AppendLine("database:");
        text.AppendLine(CultureInfo.InvariantCulture, $"    storage: \"{Path.Combine(directory, "db")}\"");
        text.AppendLine("remote:");
        text.AppendLine("  - id: primary");
        text.AppendLine(CultureInfo.InvariantCulture, $"    address: {Endpoint(primary)}");
        if (layout.Dedicated)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    via: {self.Address}");
        }

        text.AppendLine("acl:");
        text.AppendLine("  - id: notify-from-primary");
        text.AppendLine(CultureInfo.InvariantCulture, $"    address: {primary.Address}");
        text.AppendLine("    action: notify");
        text.AppendLine("  - id: transfer-to-anyone");
        text.AppendLine("    action: transfer");
        text.AppendLine("template:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  - id: {ZoneTemplate}");
        // Each template has its own storage (no inheritance from "default"); without it Knot writes /var/lib/knot.
        text.AppendLine(CultureInfo.InvariantCulture, $"    storage: \"{Path.Combine(directory, "zones")}\"");
        text.AppendLine("    master: primary");
        text.AppendLine("    acl: [ notify-from-primary, transfer-to-anyone ]");
        if (!refusing)
        {
            text.AppendLine("zone:");
            text.AppendLine(CultureInfo.InvariantCulture, $"  - domain: {Zones.Example}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    template: {ZoneTemplate}");
        }

        return text.ToString();
    }

    private static string Endpoint(ServerAddress server) =>
        $"{server.Address}@{server.Port.ToString(CultureInfo.InvariantCulture)}";
}

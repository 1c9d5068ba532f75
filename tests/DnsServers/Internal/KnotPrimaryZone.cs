using System.Globalization;
using System.Text;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>
/// <c>knot.test.</c>: a zone whose primary is the Knot server, taking RFC 2136 updates signed with the tree's TSIG keys
/// (the same keys the BIND primary takes). Rendered as sections appended to the other configs, which Knot and BIND
/// both allow, so that the zone stays in place whatever the rest of the configuration does (refusing, restarts).
/// </summary>
internal static class KnotPrimaryZone
{
    public const string FileName = "knot.test.zone";

    /// <summary>Sections appended to knot.conf: the key, an ACL for signed updates, the zone.</summary>
    public static string RenderKnot(string directory, TreeSecrets secrets)
    {
        var text = new StringBuilder();
        text.AppendLine("key:");
        foreach (var key in secrets.UpdateKeys)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  - id: {key.Name}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    algorithm: {key.Algorithm}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    secret: {key.Secret}");
        }

        text.AppendLine("acl:");
        text.AppendLine("  - id: update-with-key");
        text.AppendLine(CultureInfo.InvariantCulture, $"    key: [ {string.Join(", ", secrets.UpdateKeys.Select(k => k.Name))} ]");
        text.AppendLine("    action: update");
        text.AppendLine("  - id: transfer-of-knot-zone");
        text.AppendLine("    action: transfer");
        text.AppendLine("zone:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  - domain: {Zones.Knot}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    storage: \"{Path.Combine(directory, "zones")}\"");
        text.AppendLine(CultureInfo.InvariantCulture, $"    file: \"{FileName}\"");
        text.AppendLine("    acl: [ update-with-key, transfer-of-knot-zone ]");
        return text.ToString();
    }

    /// <summary>A statement appended to the resolver's named.conf when it cannot iterate (shared loopback).</summary>
    public static string RenderResolverForward(TreeLayout layout) => layout.Dedicated
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture,
            $"zone \"{Zones.Knot.TrimEnd('.')}\" {{ type forward; forward only; forwarders {{ {layout.Secondary.Address} port {layout.Secondary.Port}; }}; }};\n");
}

using System.Globalization;
using System.Text;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>
/// <c>knot.test.</c>: a zone whose primary is the Knot server, taking RFC 2136 updates signed with the tree's TSIG key
/// (the same key the BIND primary takes). Rendered as sections appended to the other configs, which Knot and BIND
/// both allow, so that the zone stays in place whatever the rest of the configuration does (refusing, restarts).
/// </summary>
internal static class KnotPrimaryZone
{
    public const string FileName = "knot.test.zone";

    /// <summary>Sections appended to knot.conf: the key, an ACL for signed updates, the zone.</summary>
    public static string RenderKnot(string directory, TreeSecrets secrets)
    {
        var tsig = secrets.Tsig;
        var text = new StringBuilder();
        text.AppendLine("key:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  - id: {tsig.Name}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    algorithm: {tsig.Algorithm}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    secret: {tsig.Secret}");
        text.AppendLine("acl:");
        text.AppendLine("  - id: update-with-key");
        text.AppendLine(CultureInfo.InvariantCulture, $"    key: {tsig.Name}");
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

using System.Globalization;
using System.Text;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>
/// named.conf for the three BIND servers. Every server: its own folder for pid, session key and journals; DNSSEC
/// validation off (the local root is unsigned, and validation would fetch the real root's keys); root hints that
/// name only the parent; an rndc control channel on its own address.
/// </summary>
internal static class NamedConfig
{
    public const string RndcKeyName = "rndc-key";

    public static string Render(DnsTestServer server, TreeLayout layout, string directory, TreeSecrets secrets, bool refusing, bool queryLog)
    {
        var self = layout[server];
        var port = self.Port.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine("options {");
        text.AppendLine(CultureInfo.InvariantCulture, $"    directory \"{directory}\";");
        text.AppendLine(CultureInfo.InvariantCulture, $"    pid-file \"{Path.Combine(directory, "named.pid")}\";");
        text.AppendLine(CultureInfo.InvariantCulture, $"    session-keyfile \"{Path.Combine(directory, "session.key")}\";");
        text.AppendLine(CultureInfo.InvariantCulture, $"    managed-keys-directory \"{directory}\";");
        text.AppendLine(CultureInfo.InvariantCulture, $"    listen-on port {port} {{ {self.Address}; }};");
        text.AppendLine(server == DnsTestServer.Primary && layout.Ipv6Server == server && layout.PrimaryIpv6 is { } ipv6
            ? $"    listen-on-v6 port {port} {{ {ipv6}; }};"
            : "    listen-on-v6 { none; };");
        // Also the destination port of the resolver's queries, so a whole tree can run on another port.
        text.AppendLine(CultureInfo.InvariantCulture, $"    port {port};");
        text.AppendLine("    dnssec-validation no;");
        text.AppendLine("    empty-zones-enable no;");
        text.AppendLine("    minimal-responses no;");
        text.AppendLine(CultureInfo.InvariantCulture, $"    querylog {(queryLog ? "yes" : "no")};");
        text.AppendLine(CultureInfo.InvariantCulture, $"    allow-query {{ {(refusing ? "none" : "any")}; }};");
        text.AppendLine("    allow-transfer { any; };");
        text.AppendLine("    notify no;");
        if (layout.Dedicated)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    query-source address {self.Address};");
            text.AppendLine(CultureInfo.InvariantCulture, $"    transfer-source {self.Address};");
            text.AppendLine(CultureInfo.InvariantCulture, $"    notify-source {self.Address};");
        }

        if (server == DnsTestServer.Resolver)
        {
            text.AppendLine("    recursion yes;");
            text.AppendLine(CultureInfo.InvariantCulture, $"    allow-recursion {{ {(refusing ? "none" : "any")}; }};");
            text.AppendLine(CultureInfo.InvariantCulture, $"    allow-query-cache {{ {(refusing ? "none" : "any")}; }};");
            // A SERVFAIL while a test has a server down must not outlive the outage.
            text.AppendLine("    servfail-ttl 0;");
            if (!layout.Dedicated)
            {
                // Glue says 127.0.0.1 for every server, so iteration cannot work; forward each zone instead.
                text.AppendLine("    forward only;");
                text.AppendLine(CultureInfo.InvariantCulture, $"    forwarders {{ {Forwarder(layout.Parent)}; }};");
            }
        }
        else
        {
            text.AppendLine("    recursion no;");
        }

        if (server == DnsTestServer.Primary)
        {
            // NOTIFY at once rather than after the default 5 seconds.
            text.AppendLine("    notify-delay 0;");
        }

        text.AppendLine("};");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"key \"{RndcKeyName}\" {{ algorithm hmac-sha256; secret \"{secrets.RndcSecret}\"; }};");
        text.AppendLine(CultureInfo.InvariantCulture, $"controls {{ inet {self.Address} port {self.ControlPort} allow {{ 127.0.0.0/8; ::1; }} keys {{ \"{RndcKeyName}\"; }}; }};");
        text.AppendLine();
        switch (server)
        {
            case DnsTestServer.Parent:
                text.AppendLine("zone \".\" { type primary; file \"root.zone\"; };");
                text.AppendLine("zone \"test\" { type primary; file \"test.zone\"; };");
                break;
            case DnsTestServer.Primary:
                foreach (var key in secrets.UpdateKeys)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"key \"{key.Name}\" {{ algorithm {key.Algorithm}; secret \"{key.Secret}\"; }};");
                }

                var allowUpdate = string.Concat(secrets.UpdateKeys.Select(k => $"key \"{k.Name}\"; "));
                text.AppendLine("zone \".\" { type hint; file \"root.hints\"; };");
                text.AppendLine(CultureInfo.InvariantCulture, $"zone \"example.test\" {{ type primary; file \"example.test.zone\"; allow-update {{ {allowUpdate}}};");
                text.AppendLine(CultureInfo.InvariantCulture, $"    notify explicit; also-notify {{ {Forwarder(layout.Secondary)}; }}; }};");
                text.AppendLine(CultureInfo.InvariantCulture, $"zone \"other.test\" {{ type primary; file \"other.test.zone\"; allow-update {{ {allowUpdate}}}; }};");
                break;
            case DnsTestServer.Resolver:
                text.AppendLine("zone \".\" { type hint; file \"root.hints\"; };");
                if (!layout.Dedicated)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"zone \"example.test\" {{ type forward; forward only; forwarders {{ {Forwarder(layout.Primary)}; {Forwarder(layout.Secondary)}; }}; }};");
                    text.AppendLine(CultureInfo.InvariantCulture, $"zone \"other.test\" {{ type forward; forward only; forwarders {{ {Forwarder(layout.Primary)}; }}; }};");
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(server), server, "Knot, not BIND, runs the secondary.");
        }

        return text.ToString();
    }

    public static string RenderRndcConf(ServerAddress self, TreeSecrets secrets) =>
        $$"""
        key "{{RndcKeyName}}" { algorithm hmac-sha256; secret "{{secrets.RndcSecret}}"; };
        options { default-key "{{RndcKeyName}}"; default-server {{self.Address}}; default-port {{self.ControlPort.ToString(CultureInfo.InvariantCulture)}}; };

        """;

    private static string Forwarder(ServerAddress server) =>
        $"{server.Address} port {server.Port.ToString(CultureInfo.InvariantCulture)}";
}

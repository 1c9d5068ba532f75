using System.Globalization;
using System.Net;
using Solvers.Abstractions;

namespace Solvers.Providers.Embedded.Internal;

/// <summary>The checked form of <see cref="EmbeddedDnsOptions"/> that the server and the store run with.</summary>
internal sealed class EmbeddedDnsSettings
{
    private EmbeddedDnsSettings(IPEndPoint listen, IReadOnlyList<DnsName> zones, DnsName nameServer)
    {
        Listen = listen;
        Zones = zones;
        NameServer = nameServer;
    }

    /// <summary>The configured endpoint; its port may be 0.</summary>
    public IPEndPoint Listen { get; }

    /// <summary>The served zones, distinct, in configured order.</summary>
    public IReadOnlyList<DnsName> Zones { get; }

    public DnsName NameServer { get; }

    /// <summary>Checks <paramref name="options"/>; <paramref name="errors"/> names each bad key and says why.</summary>
    public static bool TryCreate(EmbeddedDnsOptions options, out EmbeddedDnsSettings? settings, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = EmbeddedSolver.ConfigurationSection + ":";
        var problems = new List<string>();

        if (!TryParseListen(options.Listen, out var listen))
        {
            problems.Add($"{Prefix}Listen: \"{options.Listen}\" is not an ip:port such as 127.0.0.1:8053 or [::1]:8053");
        }

        var zones = new List<DnsName>();
        var entries = (options.Zones ?? [])
            .SelectMany(z => (z ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .DefaultIfEmpty(EmbeddedDnsOptions.DefaultZone);
        foreach (var entry in entries)
        {
            if (!DnsName.TryParse(entry, out var zone))
            {
                problems.Add($"{Prefix}Zones: \"{entry}\" is not a valid DNS name");
            }
            else if (zone.IsRoot)
            {
                problems.Add($"{Prefix}Zones: the root zone cannot be served");
            }
            else if (zones.Contains(zone))
            {
                problems.Add($"{Prefix}Zones: {zone} is listed more than once");
            }
            else
            {
                zones.Add(zone);
            }
        }

        var nameServer = default(DnsName);
        if (!string.IsNullOrWhiteSpace(options.NameServer))
        {
            if (!DnsName.TryParse(options.NameServer.Trim(), out nameServer) || nameServer.IsRoot)
            {
                problems.Add($"{Prefix}NameServer: \"{options.NameServer}\" is not a valid DNS name");
            }
        }
        else if (zones.Count > 0 && !DnsName.TryParse("ns1." + zones[0].Value, out nameServer))
        {
            problems.Add($"{Prefix}NameServer: ns1.{zones[0]} is too long; set a name server");
        }

        errors = problems;
        settings = problems.Count == 0 ? new EmbeddedDnsSettings(listen!, zones, nameServer) : null;
        return settings is not null;
    }

    /// <summary>Checks <paramref name="options"/> and throws when they do not fit.</summary>
    /// <exception cref="InvalidOperationException">The options are invalid; the message lists every problem.</exception>
    public static EmbeddedDnsSettings Create(EmbeddedDnsOptions options) =>
        TryCreate(options, out var settings, out var errors)
            ? settings!
            : throw new InvalidOperationException("invalid embedded DNS options: " + string.Join("; ", errors));

    /// <summary>Parses <c>ip:port</c> with a literal address and an explicit port; IPv6 goes in brackets.</summary>
    public static bool TryParseListen(string? value, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var text = value.Trim();
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('['))
        {
            if (!host.EndsWith(']'))
            {
                return false;
            }

            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            // An IPv6 address without brackets leaves the port ambiguous.
            return false;
        }

        var portText = text[(colon + 1)..];
        if (portText.Length == 0 || !portText.All(char.IsAsciiDigit)
            || !ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        // IPAddress.TryParse also takes forms such as "127.1"; insist on the dotted quad.
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && host.Count(c => c == '.') != 3)
        {
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }
}

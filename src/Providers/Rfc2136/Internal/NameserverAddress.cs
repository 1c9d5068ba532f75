using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Solvers.Abstractions;

namespace Solvers.Providers.Rfc2136.Internal;

/// <summary>The config's <c>nameserver</c>, parsed as cert-manager reads it: <c>host[:port]</c>, IPv6 in brackets when a
/// port follows, port 53 when none (or an empty one) is given.</summary>
/// <param name="Host">An IP literal or a host name, as written (without brackets).</param>
/// <param name="Address">The address when <paramref name="Host"/> is an IP literal; null for a host name.</param>
/// <param name="Port">The UDP or TCP port.</param>
internal sealed record NameserverAddress(string Host, IPAddress? Address, int Port)
{
    public const int DefaultPort = 53;

    /// <summary><c>127.0.0.1:53</c>, <c>[2001:db8::1]:53</c> or <c>dns.example.com:53</c>.</summary>
    public override string ToString() => Address is { AddressFamily: AddressFamily.InterNetworkV6 }
        ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>Parses a value that <see cref="ConfigRules"/> has checked.</summary>
    public static NameserverAddress Parse(string value) =>
        TryParse(value, out var result, out var error) ? result! : throw InvalidSolverConfigException.AtPath("$.nameserver", error);

    public static bool TryParse(string? value, out NameserverAddress? result, out string error)
    {
        result = null;
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            error = "value is required: the address of the zone's primary server, e.g. 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:53";
            return false;
        }

        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close < text.Length - 1 && text[close + 1] != ':'))
            {
                error = $"\"{text}\" is not [IPv6]:port, e.g. [2001:db8::53]:53";
                return false;
            }

            host = text[1..close];
            port = close < text.Length - 1 ? text[(close + 2)..] : null;
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"\"{host}\" in brackets is not an IPv6 address";
                return false;
            }
        }
        else if (text.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address: the port cannot be told apart from the last group, so there is none.
            host = text;
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"\"{text}\" is not an IPv6 address; write [IPv6]:port to give a port";
                return false;
            }
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }

        var portNumber = DefaultPort;
        if (!string.IsNullOrEmpty(port)
            && (!port.All(char.IsAsciiDigit) || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 1 or > 65_535))
        {
            error = $"\"{port}\" in \"{text}\" is not a port from 1 to 65535";
            return false;
        }

        if (host.Length == 0)
        {
            error = $"\"{text}\" has no host before the port";
            return false;
        }

        IPAddress? address = null;
        if (host.Contains(':', StringComparison.Ordinal) || host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            // IPAddress.TryParse also takes forms such as "127.1"; an IPv4 literal must be the dotted quad.
            if (!IPAddress.TryParse(host, out address) || (address.AddressFamily == AddressFamily.InterNetwork && host.Count(c => c == '.') != 3))
            {
                error = $"\"{host}\" is not an IP address";
                return false;
            }
        }
        else if (!DnsName.TryParse(host, out var name) || name.LabelCount < 1 || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            error = $"\"{host}\" is neither an IP address nor a host name";
            return false;
        }

        error = string.Empty;
        result = new NameserverAddress(host, address, portNumber);
        return true;
    }
}

using System.Globalization;
using System.Net;

namespace Solvers.Propagation;

/// <summary>Settings for <see cref="PropagationChecker"/>. The defaults check every authoritative address, as
/// cert-manager does, through the system's resolvers.</summary>
public sealed record PropagationOptions
{
    private const int DefaultDnsPort = 53;

    /// <summary>Recursive resolvers used to follow CNAMEs, find the zone and its nameservers and resolve their
    /// addresses, tried in order; empty means the system's resolvers (as DnsClient finds them). Parse
    /// <c>ip:port</c> strings with <see cref="ParseNameservers"/>.</summary>
    public IReadOnlyList<IPEndPoint> RecursiveNameservers { get; init; } = [];

    /// <summary>Ask only the recursive resolvers for the TXT value and never contact the authoritative servers,
    /// like cert-manager's <c>--dns01-recursive-nameservers-only</c>. Resolvers may serve a cached negative
    /// answer until its TTL runs out.</summary>
    public bool RecursiveOnly { get; init; }

    /// <summary>The timeout of one exchange with one server (UDP, then TCP once more if UDP fails).</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long <see cref="PropagationChecker.WaitAsync(Solvers.Abstractions.DnsName, string, System.Threading.CancellationToken)"/> polls before it returns a report that is not
    /// propagated.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The port authoritative servers are queried on; <see langword="null"/> means 53. Only test setups,
    /// whose servers listen on high ports, need another.</summary>
    public int? AuthoritativePort { get; init; }

    /// <summary>How addresses that fail to answer count; see <see cref="UnreachablePolicy"/>.</summary>
    public UnreachablePolicy Unreachable { get; init; } = UnreachablePolicy.Block;

    /// <summary>With <see cref="UnreachablePolicy.Quorum"/>: how many addresses must serve the value (at most all
    /// of them); <see langword="null"/> means a majority.</summary>
    public int? Quorum { get; init; }

    /// <summary>The wait after the first check; it doubles after each check up to <see cref="MaxInterval"/>.</summary>
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two checks.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Once some addresses serve the value and others do not yet, the value is on its way (the lagging
    /// servers are usually one zone transfer behind), so checks stay at <see cref="InitialInterval"/> for this long,
    /// counted from the first check that saw it served; after that the interval grows again. Bounds the extra queries
    /// a server that never catches up costs; <see cref="TimeSpan.Zero"/> turns the acceleration off.</summary>
    public TimeSpan ConvergingWindow { get; init; } = TimeSpan.FromSeconds(3);

    internal int EffectiveAuthoritativePort => AuthoritativePort ?? DefaultDnsPort;

    /// <summary>Parses resolver addresses such as <c>10.0.0.10:53</c>, <c>[2001:db8::1]:53</c> or
    /// <c>10.0.0.10</c> (port 53).</summary>
    /// <exception cref="FormatException">An entry is not an IP address with an optional port; the message names it.</exception>
    public static IReadOnlyList<IPEndPoint> ParseNameservers(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. values.Select(ParseNameserver)];
    }

    /// <summary>Parses one resolver address; see <see cref="ParseNameservers"/>. IPv6 addresses with a port need
    /// brackets: <c>[::1]:53</c>.</summary>
    /// <exception cref="FormatException">The value is not an IP address with an optional port.</exception>
    public static IPEndPoint ParseNameserver(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"nameserver \"{value}\": DNS over HTTPS is not supported; give ip:port");
        }

        if (IPAddress.TryParse(text, out var bare) && !text.StartsWith('['))
        {
            // "10.0.0.10" or "2001:db8::1": IPEndPoint.TryParse would give port 0.
            return new IPEndPoint(bare, DefaultDnsPort);
        }

        if (!IPEndPoint.TryParse(text, out var endPoint))
        {
            throw new FormatException($"nameserver \"{value}\" is not ip:port (IPv6 as [::1]:53)");
        }

        if (endPoint.Port == 0)
        {
            var bracketed = text.StartsWith('[') && text.EndsWith(']');
            if (!bracketed)
            {
                throw new FormatException($"nameserver \"{value}\": port 0 is not a DNS port");
            }

            endPoint.Port = DefaultDnsPort;
        }

        return endPoint;
    }

    /// <summary>Throws when a setting is out of range.</summary>
    internal void Validate()
    {
        Positive(QueryTimeout, nameof(QueryTimeout));
        Positive(Deadline, nameof(Deadline));
        Positive(InitialInterval, nameof(InitialInterval));
        Positive(MaxInterval, nameof(MaxInterval));
        if (ConvergingWindow < TimeSpan.Zero || ConvergingWindow > TimeSpan.FromDays(1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{nameof(ConvergingWindow)} must be zero or positive and at most a day, not {ConvergingWindow}"));
        }

        if (MaxInterval < InitialInterval)
        {
            throw new ArgumentException($"{nameof(MaxInterval)} ({MaxInterval}) is shorter than {nameof(InitialInterval)} ({InitialInterval})");
        }

        if (AuthoritativePort is < 1 or > 65_535)
        {
            throw new ArgumentException($"{nameof(AuthoritativePort)} {AuthoritativePort} is not a port (1 to 65535)");
        }

        if (Quorum is < 1)
        {
            throw new ArgumentException($"{nameof(Quorum)} must be at least 1, not {Quorum}");
        }

        if (RecursiveNameservers is null || RecursiveNameservers.Any(e => e is null))
        {
            throw new ArgumentException($"{nameof(RecursiveNameservers)} must not be or contain null");
        }

        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be positive and at most a day, not {value}"));
            }
        }
    }
}

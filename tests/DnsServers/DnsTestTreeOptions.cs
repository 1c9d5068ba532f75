using System.Net;
using System.Text.RegularExpressions;

namespace Solvers.Testing.DnsServers;

/// <summary>Settings for <see cref="DnsTestTree.StartAsync"/>. The defaults suit a test run as root.</summary>
public sealed partial record DnsTestTreeOptions
{
    /// <summary>How servers get addresses and ports. Default <see cref="DnsTestTreeAddressing.Auto"/>.</summary>
    public DnsTestTreeAddressing Addressing { get; init; } = DnsTestTreeAddressing.Auto;

    /// <summary>
    /// With dedicated addresses: the port every server listens on and the resolver queries (default 53).
    /// With <see cref="DnsTestTreeAddressing.SharedLoopback"/>: the parent's port, the primary, secondary and resolver
    /// taking the next three (default: free ports chosen at start).
    /// </summary>
    public int? Port { get; init; }

    /// <summary>
    /// With dedicated addresses: the parent's address; primary, secondary and resolver take the next three.
    /// Default: the first free block of four from 127.0.0.2 (127.0.0.2–5, then 127.0.0.6–9, …).
    /// </summary>
    public IPAddress? FirstAddress { get; init; }

    /// <summary>
    /// Whether the primary also listens on [::1] and has an AAAA record (and AAAA glue). Only one tree at a time can own
    /// [::1] on a given port; a second one waits for it up to <see cref="StartTimeout"/>. Default true.
    /// </summary>
    public bool Ipv6 { get; init; } = true;

    /// <summary>
    /// Makes ns1 a multi-homed nameserver whose IPv6 instance lags: its AAAA address [::1] is served by the Knot
    /// secondary's process instead of the BIND primary. With transfers held, ns1's IPv4 address serves a new value and
    /// its IPv6 address does not, until <see cref="DnsTestTree.ReleaseTransfersAsync"/>. Needs <see cref="Ipv6"/>. Default false.
    /// </summary>
    public bool StaleIpv6 { get; init; }

    /// <summary>Bounds start-up, each readiness wait and each tool run. Default 30 seconds.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>TSIG key name for RFC 2136 updates to the primary. Default <c>solvers-test-key.</c></summary>
    public string TsigKeyName { get; init; } = "solvers-test-key.";

    /// <summary>Log every query the BIND servers receive (category <c>queries</c>). Default false.</summary>
    public bool QueryLog { get; init; }

    /// <summary>Keep the temp folder (configs, zones, logs) after dispose. Default false.</summary>
    public bool KeepFiles { get; init; }

    internal void Validate()
    {
        if (StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"StartTimeout must be positive, not {StartTimeout}.", nameof(StartTimeout));
        }

        if (Port is < 1 or > 65_532)
        {
            throw new ArgumentException($"Port must be between 1 and 65532, not {Port}.", nameof(Port));
        }

        if (StaleIpv6 && !Ipv6)
        {
            throw new ArgumentException("StaleIpv6 needs Ipv6.", nameof(StaleIpv6));
        }

        if (!KeyName().IsMatch(TsigKeyName))
        {
            throw new ArgumentException($"TsigKeyName must be a domain name of letters, digits, '-' and '_', not '{TsigKeyName}'.", nameof(TsigKeyName));
        }
    }

    [GeneratedRegex(@"^([A-Za-z0-9_-]{1,63}\.)*[A-Za-z0-9_-]{1,63}\.?$")]
    private static partial Regex KeyName();
}

using System.Globalization;
using System.Text;
using Solvers.Abstractions;

namespace Solvers.Propagation;

/// <summary>The outcome of one check, or of the last check of <see cref="PropagationChecker.WaitAsync(Solvers.Abstractions.DnsName, string, System.Threading.CancellationToken)"/>.</summary>
public sealed class PropagationReport
{
    internal PropagationReport(
        DnsName fqdn, DnsName resolvedFqdn, DnsName? zone, bool propagated, IReadOnlyList<NameserverResult> servers,
        string? lookupError, string summary, int attempts, TimeSpan elapsed)
    {
        Fqdn = fqdn;
        ResolvedFqdn = resolvedFqdn;
        Zone = zone;
        Propagated = propagated;
        Servers = servers;
        LookupError = lookupError;
        Summary = summary;
        Attempts = attempts;
        Elapsed = elapsed;
    }

    /// <summary>The name asked about, e.g. <c>_acme-challenge.www.example.com.</c>.</summary>
    public DnsName Fqdn { get; }

    /// <summary>The name at the end of its CNAME chain, where the TXT value was looked for; <see cref="Fqdn"/> when it
    /// has no CNAME (or the chain could not be followed).</summary>
    public DnsName ResolvedFqdn { get; }

    /// <summary>The zone holding <see cref="ResolvedFqdn"/>; <see langword="null"/> in recursive-only mode or when it
    /// could not be found.</summary>
    public DnsName? Zone { get; }

    /// <summary>Whether the value is served, as the <see cref="UnreachablePolicy"/> counts it.</summary>
    public bool Propagated { get; }

    /// <summary>One result per nameserver address (or resolver) asked; empty when <see cref="LookupError"/> is set.</summary>
    public IReadOnlyList<NameserverResult> Servers { get; }

    /// <summary>Why no server could be asked, e.g. <c>no SOA found for x.example.</c> or
    /// <c>CNAME loop a.example. -> b.example. -> a.example.</c>; <see langword="null"/> when servers were asked.</summary>
    public string? LookupError { get; }

    /// <summary>One line for logs and challenge status, e.g. <c>not propagated: ns2.example.com. (192.0.2.2) serves serial
    /// 2025010101 without the value; 2 of 3 addresses serve it</c>. Never contains the value.</summary>
    public string Summary { get; }

    /// <summary>How many checks were run (1 for <see cref="PropagationChecker.CheckAsync(Solvers.Abstractions.DnsName, string, System.Threading.CancellationToken)"/>).</summary>
    public int Attempts { get; }

    /// <summary>The time from the start of the first check to the end of the last.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The servers as an aligned text table (NAMESERVER, ADDRESS, STATE, SERIAL, RTT, DETAIL), one line each,
    /// for a command line; without a trailing newline.</summary>
    public string ToTable()
    {
        string[] header = ["NAMESERVER", "ADDRESS", "STATE", "SERIAL", "RTT", "DETAIL"];
        var rows = new List<string[]> { header };
        rows.AddRange(Servers.Select(s => new[]
        {
            s.Nameserver?.ToString() ?? "(resolver)",
            s.Address is null ? "-" : s.Nameserver is null ? s.Address.ToString() : s.Address.Address.ToString(),
            StateText(s),
            s.Serial?.ToString(CultureInfo.InvariantCulture) ?? "-",
            s.RoundTripTime is { } rtt ? string.Create(CultureInfo.InvariantCulture, $"{rtt.TotalMilliseconds:0} ms") : "-",
            s.Detail,
        }));

        var widths = Enumerable.Range(0, header.Length - 1).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            for (var c = 0; c < widths.Length; c++)
            {
                text.Append(row[c].PadRight(widths[c] + 2));
            }

            text.Append(row[^1]);
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The <see cref="Summary"/>.</summary>
    public override string ToString() => Summary;

    internal PropagationReport WithProgress(int attempts, TimeSpan elapsed) =>
        new(Fqdn, ResolvedFqdn, Zone, Propagated, Servers, LookupError, Summary, attempts, elapsed);

    private static string StateText(NameserverResult result) => result.State switch
    {
        NameserverState.Serving => "serving",
        NameserverState.NotYet => "not yet",
        _ => result.Error switch
        {
            NameserverError.Timeout => "timeout",
            NameserverError.Refused => "refused",
            NameserverError.ServFail => "servfail",
            NameserverError.Lame => "lame",
            _ => "error",
        },
    };
}

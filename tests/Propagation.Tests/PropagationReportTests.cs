using System.Net;
using static Solvers.Propagation.Tests.TestTrees;

namespace Solvers.Propagation.Tests;

/// <summary>How a report reads: the summary line and the table.</summary>
public sealed class PropagationReportTests
{
    [Fact]
    public void ToTable_AlignsColumns()
    {
        NameserverResult[] servers =
        [
            new(Name("ns1.example.test."), new IPEndPoint(IPAddress.Parse("192.0.2.1"), 53), NameserverState.Serving, NameserverError.None, "has the value", 2025010102, TimeSpan.FromMilliseconds(3.4)),
            new(Name("ns2.longer-name.example.test."), new IPEndPoint(IPAddress.Parse("2001:db8::2"), 53), NameserverState.NotYet, NameserverError.None, "NXDOMAIN", 2025010101, TimeSpan.FromMilliseconds(12)),
            new(Name("ns3.example.test."), new IPEndPoint(IPAddress.Parse("192.0.2.3"), 53), NameserverState.Error, NameserverError.Timeout, "no answer over UDP nor TCP within 2 s", null, null),
            new(Name("ns4.example.test."), null, NameserverState.Error, NameserverError.Other, "no address: no A or AAAA records", null, null),
        ];
        var report = new PropagationReport(Name(Fqdn), Name(Fqdn), Name("example.test."), false, servers, null, "not propagated", 1, TimeSpan.Zero);

        Assert.Equal(
            """
            NAMESERVER                     ADDRESS      STATE    SERIAL      RTT    DETAIL
            ns1.example.test.              192.0.2.1    serving  2025010102  3 ms   has the value
            ns2.longer-name.example.test.  2001:db8::2  not yet  2025010101  12 ms  NXDOMAIN
            ns3.example.test.              192.0.2.3    timeout  -           -      no answer over UDP nor TCP within 2 s
            ns4.example.test.              -            error    -           -      no address: no A or AAAA records
            """.ReplaceLineEndings("\n"),
            report.ToTable());
    }

    [Fact]
    public void ToTable_Resolvers_ShowTheirEndPoints()
    {
        NameserverResult[] servers =
        [
            new(null, new IPEndPoint(IPAddress.Parse("10.0.0.10"), 5353), NameserverState.Serving, NameserverError.None, "has the value", null, TimeSpan.FromMilliseconds(1)),
        ];
        var report = new PropagationReport(Name(Fqdn), Name(Fqdn), null, true, servers, null, "propagated", 1, TimeSpan.Zero);

        Assert.Equal(
            """
            NAMESERVER  ADDRESS         STATE    SERIAL  RTT   DETAIL
            (resolver)  10.0.0.10:5353  serving  -       1 ms  has the value
            """.ReplaceLineEndings("\n"),
            report.ToTable());
    }

    [Fact]
    public void ToTable_NoServers_HeaderOnly()
    {
        var report = new PropagationReport(Name(Fqdn), Name(Fqdn), null, false, [], "no SOA found for x.", "not propagated: no SOA found for x.", 1, TimeSpan.Zero);

        Assert.Equal("NAMESERVER  ADDRESS  STATE  SERIAL  RTT  DETAIL", report.ToTable());
        Assert.Equal(report.Summary, report.ToString());
    }

    [Fact]
    public async Task Summary_ManyProblems_ListsThreeAndCountsTheRest()
    {
        using var tree = new Dns.DnsTree();
        var zone = tree.Zone("example.test.");
        var servers = Enumerable.Range(1, 5).Select(i => tree.Nameserver($"ns{i}.example.test.", [zone])).ToList();
        tree.Start();

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.EndsWith("; and 2 more; 0 of 5 addresses serve it", report.Summary, StringComparison.Ordinal);
        Assert.Equal(5, servers.Count);
    }
}

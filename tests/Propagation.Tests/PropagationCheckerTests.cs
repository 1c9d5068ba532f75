using System.Net;
using ARSoft.Tools.Net.Dns;
using Solvers.Propagation.Tests.Dns;
using static Solvers.Propagation.Tests.TestTrees;

namespace Solvers.Propagation.Tests;

/// <summary>One check against the authoritative servers of a loopback tree.</summary>
public sealed class PropagationCheckerTests
{
    [Fact]
    public async Task CheckAsync_EveryServerServesTheValue_Propagated()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Null(report.LookupError);
        Assert.Equal(Name(Fqdn), report.ResolvedFqdn);
        Assert.Equal(Name("example.test."), report.Zone);
        Assert.Equal(1, report.Attempts);
        Assert.Equal(3, report.Servers.Count);
        Assert.All(report.Servers, s =>
        {
            Assert.Equal(NameserverState.Serving, s.State);
            Assert.Equal(NameserverError.None, s.Error);
            Assert.Equal(zone.Serial, s.Serial);
            Assert.NotNull(s.RoundTripTime);
            Assert.Equal(tree.Port, s.Address!.Port);
        });
        Assert.Equal(["ns1.example.test.", "ns2.example.test.", "ns3.example.test."], report.Servers.Select(s => s.Nameserver.ToString()));
        Assert.Equal($"propagated: all 3 addresses serve it at serial {zone.Serial}", report.Summary);
        Assert.DoesNotContain(Value, report.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, report.ToTable(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_AuthoritativeQueries_AreNonRecursiveWithEdns()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);

        await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        var queries = tree.AuthoritativeQueries.ToList();
        Assert.Equal(3, queries.Count(q => q.Type == RecordType.Txt && q.Name == Name(Fqdn)));
        Assert.Equal(3, queries.Count(q => q.Type == RecordType.Soa && q.Name == Name("example.test.")));
        Assert.All(queries, q => Assert.False(q.RecursionDesired));
        Assert.All(queries, q => Assert.True(q.Edns));
        Assert.All(queries, q => Assert.Equal(TransportProtocol.Udp, q.Transport));
        Assert.All(tree.Resolver.Queries, q => Assert.True(q.RecursionDesired));
    }

    [Fact]
    public async Task CheckAsync_OneServerLags_NotPropagatedNamingTheAddressAndItsSerial()
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        var oldSerial = zone.Serial;
        servers[1].Lag();
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.False(report.Propagated);
        var lagging = Assert.Single(report.Servers, s => s.State != NameserverState.Serving);
        Assert.Equal(NameserverState.NotYet, lagging.State);
        Assert.Equal(oldSerial, lagging.Serial);
        Assert.Equal("NXDOMAIN", lagging.Detail);
        Assert.Equal(
            $"not propagated: ns2.example.test. ({servers[1].Addresses[0]}) serves serial {oldSerial} without the value; 2 of 3 addresses serve it",
            report.Summary);
    }

    [Theory]
    [InlineData(UnreachablePolicy.Block, false)]
    [InlineData(UnreachablePolicy.Quorum, true)]
    [InlineData(UnreachablePolicy.ReachableOnly, true)]
    public async Task CheckAsync_OneServerTimesOut_OnlyBlockBlocks(UnreachablePolicy policy, bool propagated)
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);
        servers[2].Mode = ServerMode.Drop;

        var report = await new PropagationChecker(tree.Options(policy)).CheckAsync(Name(Fqdn), Value, Token);

        Assert.Equal(propagated, report.Propagated);
        var dropped = Assert.Single(report.Servers, s => s.State == NameserverState.Error);
        Assert.Equal(NameserverError.Timeout, dropped.Error);
        Assert.Equal("no answer over UDP nor TCP within 1 s", dropped.Detail);
        Assert.Null(dropped.RoundTripTime);
        var who = $"ns3.example.test. ({servers[2].Addresses[0]}) timed out";
        Assert.Equal(
            propagated
                ? $"propagated: 2 of 3 addresses serve it at serial {zone.Serial}; ignored ({policy}): {who}"
                : $"not propagated: {who}; 2 of 3 addresses serve it",
            report.Summary);

        // Both transports were tried.
        Assert.Contains(servers[2].Queries, q => q.Transport == TransportProtocol.Udp);
        Assert.Contains(servers[2].Queries, q => q.Transport == TransportProtocol.Tcp);
    }

    [Theory]
    [InlineData(UnreachablePolicy.Quorum)]
    [InlineData(UnreachablePolicy.ReachableOnly)]
    public async Task CheckAsync_OneServerLagsAndOneTimesOut_LaggingBlocksUnderEveryPolicy(UnreachablePolicy policy)
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        servers[0].Lag();
        servers[2].Mode = ServerMode.Drop;
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options(policy)).CheckAsync(Name(Fqdn), Value, Token);

        Assert.False(report.Propagated);
        Assert.StartsWith($"not propagated: ns1.example.test. ({servers[0].Addresses[0]}) serves serial", report.Summary, StringComparison.Ordinal);
        Assert.Contains($"({servers[2].Addresses[0]}) timed out; 1 of 3 addresses serves it", report.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1, false)] // majority of 3 is 2
    [InlineData(null, 2, true)]
    [InlineData(3, 2, false)]
    [InlineData(5, 3, true)] // a quorum above the address count means all of them
    public async Task CheckAsync_QuorumPolicy_CountsServingAddresses(int? quorum, int serving, bool propagated)
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);
        foreach (var server in servers.Skip(serving))
        {
            server.Mode = ServerMode.Drop;
        }

        var options = tree.Options(UnreachablePolicy.Quorum) with { Quorum = quorum };
        var report = await new PropagationChecker(options).CheckAsync(Name(Fqdn), Value, Token);

        Assert.Equal(propagated, report.Propagated);
        Assert.Equal(serving, report.Servers.Count(s => s.State == NameserverState.Serving));
        if (!propagated)
        {
            Assert.EndsWith($"{serving} of 3 addresses serve{(serving == 1 ? "s" : string.Empty)} it, quorum is {Math.Min(quorum ?? 2, 3)}", report.Summary, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(ServerMode.Refuse, NameserverError.Refused, "refused the query")]
    [InlineData(ServerMode.ServFail, NameserverError.ServFail, "answered SERVFAIL")]
    [InlineData(ServerMode.Lame, NameserverError.Lame, "is lame (answered NOERROR without the AA flag)")]
    public async Task CheckAsync_ServerMisbehaves_ReportedAsThatError(ServerMode mode, NameserverError error, string description)
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);
        servers[0].Mode = mode;

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.False(report.Propagated);
        var failed = report.Servers[0];
        Assert.Equal(NameserverState.Error, failed.State);
        Assert.Equal(error, failed.Error);
        Assert.NotNull(failed.RoundTripTime);
        Assert.Equal($"not propagated: ns1.example.test. ({servers[0].Addresses[0]}) {description}; 2 of 3 addresses serve it", report.Summary);

        // Under ReachableOnly the other two carry it.
        var tolerant = await new PropagationChecker(tree.Options(UnreachablePolicy.ReachableOnly)).CheckAsync(Name(Fqdn), Value, Token);
        Assert.True(tolerant.Propagated, tolerant.Summary);
    }

    [Fact]
    public async Task CheckAsync_ServerAuthoritativeOnlyForTheParent_Lame()
    {
        // sub.example.test. is its own zone, but ns3 serves only example.test.: it answers the TXT name with AA from
        // the parent (NXDOMAIN) but has no SOA for sub.example.test.
        using var tree = new DnsTree();
        var parent = tree.Zone("example.test.");
        var sub = tree.Zone("sub.example.test.");
        tree.Nameserver("ns1.example.test.", [parent, sub]);
        tree.Nameserver("ns3.example.test.", [parent]);
        sub.AddNs("ns3.example.test.");
        tree.Start();
        const string fqdn = "_acme-challenge.sub.example.test.";
        sub.AddTxt(fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(fqdn), Value, Token);

        Assert.Equal(Name("sub.example.test."), report.Zone);
        Assert.Equal(NameserverState.Serving, report.Servers[0].State);
        var lame = report.Servers[1];
        Assert.Equal(NameserverError.Lame, lame.Error);
        Assert.Equal("no authoritative SOA for sub.example.test.", lame.Detail);
        Assert.False(report.Propagated);
    }

    [Fact]
    public async Task CheckAsync_ValueInSeveralCharacterStrings_JoinedBeforeComparing()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value[..10], Value[10..30], Value[30..]);
        var checker = new PropagationChecker(tree.Options());

        var joined = await checker.CheckAsync(Name(Fqdn), Value, Token);
        var firstPart = await checker.CheckAsync(Name(Fqdn), Value[..10], Token);

        Assert.True(joined.Propagated, joined.Summary);
        Assert.False(firstPart.Propagated);
        Assert.All(firstPart.Servers, s => Assert.Equal("1 TXT value, none matches", s.Detail));
    }

    [Fact]
    public async Task CheckAsync_ValueDiffersOnlyInCase_NotServing()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value.ToUpperInvariant());
        zone.AddTxt(Fqdn, "another-challenge");

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.False(report.Propagated);
        Assert.All(report.Servers, s =>
        {
            Assert.Equal(NameserverState.NotYet, s.State);
            Assert.Equal("2 TXT values, none matches", s.Detail);
        });
    }

    [Fact]
    public async Task CheckAsync_OtherValuesBesideIt_Serving()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, "another-challenge");
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.All(report.Servers, s => Assert.Equal("has the value and 1 other", s.Detail));
    }

    [Fact]
    public async Task CheckAsync_UdpAnswerTruncated_RetriedOverTcp()
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);
        servers[0].Mode = ServerMode.Truncate;

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal("has the value, over TCP (UDP answer truncated)", report.Servers[0].Detail);
        Assert.Equal("has the value", report.Servers[1].Detail);
        var txtQueries = servers[0].Queries.Where(q => q.Type == RecordType.Txt).ToList();
        Assert.Equal([TransportProtocol.Udp, TransportProtocol.Tcp], txtQueries.Select(q => q.Transport));
    }

    [Fact]
    public async Task CheckAsync_NameserverWithAAndAaaa_BothAddressesChecked()
    {
        using var tree = new DnsTree();
        var zone = tree.Zone("example.test.");
        var dual = tree.Nameserver("ns1.example.test.", [zone], ipv4: true, ipv6: true);
        var v4 = tree.Nameserver("ns2.example.test.", [zone]);
        tree.Start();
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal(
            [dual.Addresses[0], IPAddress.IPv6Loopback, v4.Addresses[0]],
            report.Servers.Select(s => s.Address!.Address));
        Assert.Equal(["ns1.example.test.", "ns1.example.test.", "ns2.example.test."], report.Servers.Select(s => s.Nameserver.ToString()));
        Assert.Contains(dual.Queries, q => q.LocalAddress.Equals(IPAddress.IPv6Loopback) && q.Type == RecordType.Txt);
        Assert.Contains(dual.Queries, q => q.LocalAddress.Equals(dual.Addresses[0]) && q.Type == RecordType.Txt);
    }

    [Fact]
    public async Task CheckAsync_IPv6AddressLags_NamedInSummary()
    {
        using var tree = new DnsTree();
        var zone = tree.Zone("example.test.");
        var dual = tree.Nameserver("ns1.example.test.", [zone], ipv4: false, ipv6: true);
        tree.Nameserver("ns2.example.test.", [zone]);
        tree.Start();
        var oldSerial = zone.Serial;
        dual.Lag();
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.Equal($"not propagated: ns1.example.test. (::1) serves serial {oldSerial} without the value; 1 of 2 addresses serves it", report.Summary);
    }

    [Fact]
    public async Task CheckAsync_NameserverWithoutAddress_ReportedAsError()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddNs("ns4.example.test.");
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.False(report.Propagated);
        var missing = Assert.Single(report.Servers, s => s.State == NameserverState.Error);
        Assert.Equal(Name("ns4.example.test."), missing.Nameserver);
        Assert.Null(missing.Address);
        Assert.Equal(NameserverError.Other, missing.Error);
        Assert.Equal("no address: no A or AAAA records", missing.Detail);
        Assert.Equal("not propagated: ns4.example.test.: no address: no A or AAAA records; 3 of 4 addresses serve it", report.Summary);
    }

    [Fact]
    public async Task CheckAsync_ValueAppearsLater_NegativeAnswerNotCached()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        var checker = new PropagationChecker(tree.Options());

        var before = await checker.CheckAsync(Name(Fqdn), Value, Token);
        zone.AddTxt(Fqdn, Value);
        var after = await checker.CheckAsync(Name(Fqdn), Value, Token);

        Assert.False(before.Propagated);
        Assert.All(before.Servers, s => Assert.Equal("NXDOMAIN", s.Detail));
        Assert.True(after.Propagated, after.Summary);
    }

    [Fact]
    public async Task CheckAsync_Cancelled_Throws()
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);
        servers[0].Mode = ServerMode.Drop;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(TimeSpan.FromMilliseconds(100));
        var options = tree.Options() with { QueryTimeout = TimeSpan.FromSeconds(5) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new PropagationChecker(options).CheckAsync(Name(Fqdn), Value, cts.Token));
    }
}

using ARSoft.Tools.Net.Dns;
using Solvers.Propagation.Tests.Dns;
using static Solvers.Propagation.Tests.TestTrees;

namespace Solvers.Propagation.Tests;

/// <summary>What is asked of the recursive resolvers: CNAME chains, the zone, its nameservers.</summary>
public sealed class ZoneDiscoveryTests
{
    [Fact]
    public async Task CheckAsync_CnameChainIntoAnotherZone_ChecksTheTargetZonesServers()
    {
        using var tree = new DnsTree();
        var example = tree.Zone("example.test.");
        var hop = tree.Zone("hop.test.");
        var acme = tree.Zone("acme-dns.test.");
        tree.Nameserver("ns1.example.test.", [example]);
        tree.Nameserver("ns1.hop.test.", [hop]);
        var target1 = tree.Nameserver("ns1.acme-dns.test.", [acme]);
        var target2 = tree.Nameserver("ns2.acme-dns.test.", [acme]);
        tree.Start();
        example.AddCname(Fqdn, "middle.hop.test.");
        hop.AddCname("middle.hop.test.", "d420c923.auth.acme-dns.test.");
        acme.AddTxt("d420c923.auth.acme-dns.test.", Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal(Name(Fqdn), report.Fqdn);
        Assert.Equal(Name("d420c923.auth.acme-dns.test."), report.ResolvedFqdn);
        Assert.Equal(Name("acme-dns.test."), report.Zone);
        Assert.Equal(["ns1.acme-dns.test.", "ns2.acme-dns.test."], report.Servers.Select(s => s.Nameserver.ToString()));
        Assert.Contains(target1.Queries, q => q.Type == RecordType.Txt && q.Name == Name("d420c923.auth.acme-dns.test."));
        Assert.Contains(target2.Queries, q => q.Type == RecordType.Txt);
    }

    [Fact]
    public async Task CheckAsync_CnameLoop_ReportedNotThrown()
    {
        using var tree = new DnsTree();
        var zone = tree.Zone("example.test.");
        var nameserver = tree.Nameserver("ns1.example.test.", [zone]);
        tree.Start();
        zone.AddCname("a.example.test.", "b.example.test.");
        zone.AddCname("b.example.test.", "a.example.test.");

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name("a.example.test."), Value, Token);

        Assert.False(report.Propagated);
        Assert.Equal("CNAME loop a.example.test. -> b.example.test. -> a.example.test.", report.LookupError);
        Assert.Equal("not propagated: CNAME loop a.example.test. -> b.example.test. -> a.example.test.", report.Summary);
        Assert.Empty(report.Servers);
        Assert.Null(report.Zone);
        Assert.Empty(nameserver.Queries);
    }

    [Theory]
    [InlineData(8, true)]
    [InlineData(9, false)]
    public async Task CheckAsync_LongCnameChain_FollowedUpToEight(int length, bool followed)
    {
        using var tree = new DnsTree();
        var zone = tree.Zone("example.test.");
        tree.Nameserver("ns1.example.test.", [zone]);
        tree.Start();
        for (var i = 0; i < length; i++)
        {
            zone.AddCname($"c{i}.example.test.", $"c{i + 1}.example.test.");
        }

        zone.AddTxt($"c{length}.example.test.", Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name("c0.example.test."), Value, Token);

        Assert.Equal(followed, report.Propagated);
        if (followed)
        {
            Assert.Equal(Name($"c{length}.example.test."), report.ResolvedFqdn);
        }
        else
        {
            Assert.StartsWith("CNAME chain longer than 8: c0.example.test. -> c1.example.test. -> ", report.LookupError, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false, 1)] // NXDOMAIN with the zone's SOA in the authority section
    [InlineData(true, 3)] // NXDOMAIN without it: walk up to the apex SOA
    public async Task CheckAsync_NameDoesNotExist_ZoneFoundFromNxdomain(bool omitNegativeSoa, int soaQueries)
    {
        var (tree, _, _) = ThreeNameservers();
        using var _ = tree;
        tree.Resolver.OmitNegativeSoa = omitNegativeSoa;

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.Equal(Name("example.test."), report.Zone);
        Assert.Equal(3, report.Servers.Count);
        Assert.All(report.Servers, s => Assert.Equal(NameserverState.NotYet, s.State));
        Assert.Equal(soaQueries, tree.Resolver.Queries.Count(q => q.Type == RecordType.Soa));
    }

    [Fact]
    public async Task CheckAsync_NameExistsWithOtherTypes_ZoneFoundFromNodataAuthority()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal(Name("example.test."), report.Zone);
        var soa = Assert.Single(tree.Resolver.Queries, q => q.Type == RecordType.Soa);
        Assert.Equal(Name(Fqdn), soa.Name);
    }

    [Fact]
    public async Task CheckAsync_ChildZone_FoundInsteadOfParent()
    {
        using var tree = new DnsTree();
        var parent = tree.Zone("example.test.");
        var child = tree.Zone("sub.example.test.");
        tree.Nameserver("ns1.example.test.", [parent]);
        var childServer = tree.Nameserver("ns1.sub.example.test.", [child]);
        tree.Start();
        tree.Resolver.OmitNegativeSoa = true;
        child.AddTxt("_acme-challenge.sub.example.test.", Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name("_acme-challenge.sub.example.test."), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal(Name("sub.example.test."), report.Zone);
        Assert.Equal(childServer.Name, Assert.Single(report.Servers).Nameserver);
    }

    [Fact]
    public async Task CheckAsync_CnameAtANameOfTheSoaWalk_WalkGoesOnAboveIt()
    {
        // The resolver follows alias.example.test.'s CNAME to the apex of other.test. and answers its SOA: that must
        // not be taken for the zone of the name below the alias.
        using var tree = new DnsTree();
        var zone = tree.Zone("example.test.");
        var other = tree.Zone("other.test.");
        tree.Nameserver("ns1.example.test.", [zone]);
        tree.Nameserver("ns1.other.test.", [other]);
        tree.Start();
        tree.Resolver.OmitNegativeSoa = true;
        zone.AddCname("alias.example.test.", "other.test.");

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name("_acme-challenge.alias.example.test."), Value, Token);

        Assert.Equal(Name("example.test."), report.Zone);
        Assert.Equal(Name("ns1.example.test."), Assert.Single(report.Servers).Nameserver);
    }

    [Fact]
    public async Task CheckAsync_NoZoneAnywhere_ReportsNoSoa()
    {
        var (tree, _, _) = ThreeNameservers();
        using var _ = tree;

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name("_acme-challenge.nowhere.invalid."), Value, Token);

        Assert.False(report.Propagated);
        Assert.Equal("no SOA found for _acme-challenge.nowhere.invalid.", report.LookupError);
        Assert.Equal("not propagated: no SOA found for _acme-challenge.nowhere.invalid.", report.Summary);
    }

    [Fact]
    public async Task CheckAsync_ResolverPutsNsInAuthority_NameserversStillFound()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        tree.Resolver.NsInAuthority = true;
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal(3, report.Servers.Count);
    }

    [Fact]
    public async Task CheckAsync_FirstResolverRefuses_NextOneUsed()
    {
        using var tree = new DnsTree();
        var zone = tree.Zone("example.test.");
        tree.Nameserver("ns1.example.test.", [zone]);
        var second = tree.AddResolver();
        tree.Start();
        tree.Resolver.Mode = ServerMode.Refuse;
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.NotEmpty(second.Queries);
    }

    [Fact]
    public async Task CheckAsync_EveryResolverFails_ReportsEachFailure()
    {
        using var tree = new DnsTree();
        var zone = tree.Zone("example.test.");
        tree.Nameserver("ns1.example.test.", [zone]);
        var second = tree.AddResolver();
        tree.Start();
        tree.Resolver.Mode = ServerMode.ServFail;
        second.Mode = ServerMode.Drop;

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.False(report.Propagated);
        Assert.Equal(
            $"CNAME query for {Fqdn} failed: {tree.Resolver.EndPoint} answered SERVFAIL; {second.EndPoint}: no answer over UDP nor TCP within 1 s",
            report.LookupError);
    }
}

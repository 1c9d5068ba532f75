using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Time.Testing;
using Solvers.Propagation.Tests.Dns;
using static Solvers.Propagation.Tests.TestTrees;

namespace Solvers.Propagation.Tests;

/// <summary>Zone, NS and address lookups are cached for their TTL on the checker's clock; TXT answers never.</summary>
public sealed class CachingTests
{
    [Fact]
    public async Task CheckAsync_WithinTtl_ReusesZoneNameserversAndAddresses()
    {
        using var tree = new DnsTree();
        var zone = tree.Zone("example.test.", ttl: 300);
        tree.Nameserver("ns1.example.test.", [zone]);
        tree.Nameserver("ns2.example.test.", [zone]);
        tree.Nameserver("ns3.example.test.", [zone]);
        tree.Start();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var checker = new PropagationChecker(tree.Options(), time);

        var first = await checker.CheckAsync(Name(Fqdn), Value, Token);
        var resolverQueries = tree.Resolver.Queries.Count;
        zone.RemoveNs("ns3.example.test.");
        time.Advance(TimeSpan.FromSeconds(299));
        zone.AddTxt(Fqdn, Value);
        var second = await checker.CheckAsync(Name(Fqdn), Value, Token);

        Assert.Equal(3, first.Servers.Count);
        Assert.Equal(3, second.Servers.Count);
        Assert.True(second.Propagated, second.Summary);

        // Only the CNAME query was repeated: CNAME chains are never cached.
        var repeated = tree.Resolver.Queries.Skip(resolverQueries).ToList();
        Assert.Equal(RecordType.CName, Assert.Single(repeated).Type);
        Assert.Equal(6, tree.AuthoritativeQueries.Count(q => q.Type == RecordType.Txt));
    }

    [Fact]
    public async Task CheckAsync_AfterTtl_LooksUpAgainAndSeesTheNewNsSet()
    {
        using var tree = new DnsTree();
        var zone = tree.Zone("example.test.", ttl: 300);
        tree.Nameserver("ns1.example.test.", [zone]);
        tree.Nameserver("ns2.example.test.", [zone]);
        tree.Nameserver("ns3.example.test.", [zone]);
        tree.Start();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var checker = new PropagationChecker(tree.Options(), time);

        await checker.CheckAsync(Name(Fqdn), Value, Token);
        zone.RemoveNs("ns3.example.test.");
        time.Advance(TimeSpan.FromSeconds(301));
        tree.Resolver.ClearQueries();
        var report = await checker.CheckAsync(Name(Fqdn), Value, Token);

        Assert.Equal(["ns1.example.test.", "ns2.example.test."], report.Servers.Select(s => s.Nameserver.ToString()));
        Assert.Contains(tree.Resolver.Queries, q => q.Type == RecordType.Soa);
        Assert.Contains(tree.Resolver.Queries, q => q.Type == RecordType.Ns);
        Assert.Contains(tree.Resolver.Queries, q => q.Type == RecordType.A);
    }

    [Fact]
    public async Task CheckAsync_LookupFailed_NothingCached()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        tree.Resolver.Mode = ServerMode.Refuse;
        var checker = new PropagationChecker(tree.Options());

        var failed = await checker.CheckAsync(Name(Fqdn), Value, Token);
        tree.Resolver.Mode = ServerMode.Normal;
        zone.AddTxt(Fqdn, Value);
        var recovered = await checker.CheckAsync(Name(Fqdn), Value, Token);

        Assert.Equal($"CNAME query for {Fqdn} failed: {tree.Resolver.EndPoint} answered REFUSED", failed.LookupError);
        Assert.True(recovered.Propagated, recovered.Summary);
    }
}

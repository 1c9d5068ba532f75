using Solvers.Propagation.Tests.Dns;
using static Solvers.Propagation.Tests.TestTrees;

namespace Solvers.Propagation.Tests;

/// <summary>Recursive-only mode: only the configured resolvers are asked.</summary>
public sealed class RecursiveOnlyTests
{
    [Fact]
    public async Task CheckAsync_RecursiveOnly_AsksEachResolverAndNoAuthoritativeServer()
    {
        var (tree, zone, _) = TreeWithTwoResolvers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options() with { RecursiveOnly = true }).CheckAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Null(report.Zone);
        Assert.Equal(tree.Resolvers.Select(r => r.EndPoint), report.Servers.Select(s => s.Address));
        Assert.All(report.Servers, s => Assert.Null(s.Nameserver));
        Assert.Equal("propagated: all 2 resolvers serve it", report.Summary);
        Assert.Empty(tree.AuthoritativeQueries);
    }

    [Fact]
    public async Task CheckAsync_RecursiveOnlyAndOneResolverFails_NamesIt()
    {
        var (tree, zone, _) = TreeWithTwoResolvers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);
        var second = tree.Resolvers[1];
        second.Mode = ServerMode.ServFail;
        var options = tree.Options() with { RecursiveOnly = true };

        var report = await new PropagationChecker(options).CheckAsync(Name(Fqdn), Value, Token);

        Assert.False(report.Propagated);
        Assert.Equal($"not propagated: resolver {second.EndPoint} answered SERVFAIL; 1 of 2 resolvers serves it", report.Summary);
    }

    [Fact]
    public async Task CheckAsync_RecursiveOnlyValueMissing_NotYet()
    {
        var (tree, _, _) = TreeWithTwoResolvers();
        using var _ = tree;

        var report = await new PropagationChecker(tree.Options() with { RecursiveOnly = true }).CheckAsync(Name(Fqdn), Value, Token);

        Assert.False(report.Propagated);
        Assert.All(report.Servers, s => Assert.Equal(NameserverState.NotYet, s.State));
        Assert.StartsWith($"not propagated: resolver {tree.Resolver.EndPoint} does not serve the value (NXDOMAIN); ", report.Summary, StringComparison.Ordinal);
    }

    private static (DnsTree Tree, TestZone Zone, TestDnsServer Nameserver) TreeWithTwoResolvers()
    {
        var tree = new DnsTree();
        var zone = tree.Zone("example.test.");
        var nameserver = tree.Nameserver("ns1.example.test.", [zone]);
        tree.AddResolver();
        tree.Start();
        return (tree, zone, nameserver);
    }
}

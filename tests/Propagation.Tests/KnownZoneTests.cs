using ARSoft.Tools.Net.Dns;
using static Solvers.Propagation.Tests.TestTrees;

namespace Solvers.Propagation.Tests;

/// <summary>Checks with the zone already known (cert-manager's resolvedZone): the resolvers never hear the
/// challenge name, so none of them can cache a negative answer for it while the value travels.</summary>
public sealed class KnownZoneTests
{
    private static readonly Solvers.Abstractions.DnsName _zone = Name("example.test.");

    [Fact]
    public async Task CheckAsync_KnownZone_ResolversAskedOnlyForNameserversAndAddresses()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, _zone, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal(_zone, report.Zone);
        Assert.Equal(Name(Fqdn), report.ResolvedFqdn);
        Assert.Equal(3, report.Servers.Count);
        Assert.DoesNotContain(tree.Resolver.Queries, q => q.Name == Name(Fqdn));
        Assert.Contains(tree.Resolver.Queries, q => q.Name == _zone && q.Type == RecordType.Ns);
        Assert.All(tree.Resolver.Queries, q => Assert.Contains(q.Type, new[] { RecordType.Ns, RecordType.A, RecordType.Aaaa }));
    }

    [Fact]
    public async Task CheckAsync_ZoneUnknown_ResolversAreAskedAboutTheChallengeName()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Contains(tree.Resolver.Queries, q => q.Name == Name(Fqdn));
    }

    [Fact]
    public async Task WaitAsync_KnownZone_PropagatesAndNeverAsksResolversAboutTheName()
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        servers[1].Lag();
        zone.AddTxt(Fqdn, Value);
        var checker = new PropagationChecker(tree.Options() with { Deadline = TimeSpan.FromSeconds(20) });

        var waiting = checker.WaitAsync(Name(Fqdn), Value, _zone, Token);
        await Task.Delay(300, Token);
        servers[1].CatchUp();
        var report = await waiting;

        Assert.True(report.Propagated, report.Summary);
        Assert.DoesNotContain(tree.Resolver.Queries, q => q.Name == Name(Fqdn));
    }

    [Fact]
    public async Task CheckAsync_KnownZoneIsNotAZone_ReportsNoNameservers()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).CheckAsync(Name(Fqdn), Value, Name("www.example.test."), Token);

        Assert.False(report.Propagated);
        Assert.Equal("not propagated: no NS records found for zone www.example.test.", report.Summary);
    }

    [Fact]
    public async Task CheckAsync_NameOutsideTheKnownZone_ArgumentException()
    {
        var (tree, _, _) = ThreeNameservers();
        using var _ = tree;

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => new PropagationChecker(tree.Options()).CheckAsync(Name("_acme-challenge.example.org."), Value, _zone, Token));

        Assert.StartsWith("_acme-challenge.example.org. is not in the zone example.test.", ex.Message, StringComparison.Ordinal);
    }
}

using Solvers.Testing.DnsServers;

namespace Solvers.Propagation.IntegrationTests;

/// <summary>The Knot secondary down or refusing: blocking under <see cref="UnreachablePolicy.Block"/>, ignored under
/// <see cref="UnreachablePolicy.ReachableOnly"/>.</summary>
public sealed class UnreachableTests
{
    [Fact]
    public async Task CheckAsync_SecondaryUnresponsive_TimeoutBlocksUnderBlockButNotUnderReachableOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tree = await Tree.StartAsync();
        var (name, serial) = await AddValueAsync(tree);
        var block = Tree.Checker(tree, UnreachablePolicy.Block);
        var reachableOnly = Tree.Checker(tree, UnreachablePolicy.ReachableOnly);
        // Both up first: the checkers cache the zone, NS set and addresses, the resolver its delegation.
        Assert.True((await block.CheckAsync(name, "value", ct)).Propagated);
        Assert.True((await reachableOnly.CheckAsync(name, "value", ct)).Propagated);

        await tree.StopServerAsync(DnsTestServer.Secondary, ServerDownMode.Unresponsive, ct);
        var reports = await Task.WhenAll(block.CheckAsync(name, "value", ct), reachableOnly.CheckAsync(name, "value", ct));
        var (blocked, ignored) = (reports[0], reports[1]);

        var who = $"ns2.example.test. ({tree.Secondary[0].Address})";
        foreach (var report in reports)
        {
            Assert.Collection(
                report.Servers,
                primary =>
                {
                    Assert.Equal(NameserverState.Serving, primary.State);
                    Assert.Equal(serial, primary.Serial);
                },
                secondary =>
                {
                    Assert.Equal(Tree.Name(DnsTestTree.SecondaryNameServer), secondary.Nameserver);
                    Assert.Equal(tree.Secondary[0], secondary.Address);
                    Assert.Equal(NameserverState.Error, secondary.State);
                    Assert.Equal(NameserverError.Timeout, secondary.Error);
                    Assert.Equal("no answer over UDP nor TCP within 2 s", secondary.Detail);
                    Assert.Null(secondary.Serial);
                    Assert.Null(secondary.RoundTripTime);
                });
        }

        Assert.False(blocked.Propagated);
        Assert.Equal($"not propagated: {who} timed out; 1 of 2 addresses serves it", blocked.Summary);
        Assert.True(ignored.Propagated, ignored.Summary);
        Assert.Equal($"propagated: 1 of 2 addresses serves it at serial {serial}; ignored (ReachableOnly): {who} timed out", ignored.Summary);
    }

    [Fact]
    public async Task CheckAsync_SecondaryRefusing_ReportedAsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tree = await Tree.StartAsync();
        var (name, serial) = await AddValueAsync(tree);

        await tree.SetRefusingAsync(DnsTestServer.Secondary, true, ct);
        var blocked = await Tree.Checker(tree, UnreachablePolicy.Block).CheckAsync(name, "value", ct);
        var ignored = await Tree.Checker(tree, UnreachablePolicy.ReachableOnly).CheckAsync(name, "value", ct);

        var who = $"ns2.example.test. ({tree.Secondary[0].Address})";
        foreach (var report in new[] { blocked, ignored })
        {
            Assert.Equal([tree.Primary[0], tree.Secondary[0]], report.Servers.Select(s => s.Address));
            Assert.Equal(NameserverState.Serving, report.Servers[0].State);
            Assert.Equal(serial, report.Servers[0].Serial);
            var refusing = report.Servers[1];
            Assert.Equal(NameserverState.Error, refusing.State);
            Assert.Equal(NameserverError.Refused, refusing.Error);
            Assert.Equal("answered REFUSED", refusing.Detail);
            Assert.Null(refusing.Serial);
            Assert.NotNull(refusing.RoundTripTime);
        }

        Assert.False(blocked.Propagated);
        Assert.Equal($"not propagated: {who} refused the query; 1 of 2 addresses serves it", blocked.Summary);
        Assert.True(ignored.Propagated, ignored.Summary);
        Assert.Equal($"propagated: 1 of 2 addresses serves it at serial {serial}; ignored (ReachableOnly): {who} refused the query", ignored.Summary);
    }

    private static async Task<(Abstractions.DnsName Name, uint Serial)> AddValueAsync(DnsTestTree tree)
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Tree.UniqueChallenge(DnsTestTree.Zone);
        await tree.AddTxtAsync(name.Value, "value", 60, ct);
        return (name, await tree.WaitForTransferAsync(ct));
    }
}

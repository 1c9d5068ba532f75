using Solvers.Testing.DnsServers;

namespace Solvers.Propagation.IntegrationTests;

/// <summary>The Knot secondary held on an old serial: the checker names it, then sees it catch up.</summary>
public sealed class TransferHoldTests
{
    [Fact]
    public async Task CheckAsync_TransfersHeld_SecondaryNotYetWithOldSerial_ThenWaitAsyncPropagatesAfterRelease()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tree = await Tree.StartAsync();
        var name = Tree.UniqueChallenge(DnsTestTree.Zone);
        var oldSerial = await tree.WaitForTransferAsync(ct);
        var checker = Tree.Checker(tree);

        await tree.HoldTransfersAsync(ct);
        await tree.AddTxtAsync(name.Value, "held-value", 60, ct);
        var newSerial = await tree.GetSerialAsync(DnsTestServer.Primary, cancellationToken: ct);
        var held = await checker.CheckAsync(name, "held-value", ct);

        Assert.NotEqual(oldSerial, newSerial);
        Assert.False(held.Propagated);
        Assert.Null(held.LookupError);
        Assert.Equal(Tree.Name(DnsTestTree.Zone), held.Zone);
        Assert.Equal(name, held.ResolvedFqdn);
        Assert.Collection(
            held.Servers,
            primary =>
            {
                Assert.Equal(Tree.Name(DnsTestTree.PrimaryNameServer), primary.Nameserver);
                Assert.Equal(tree.Primary[0], primary.Address);
                Assert.Equal(NameserverState.Serving, primary.State);
                Assert.Equal(newSerial, primary.Serial);
                Assert.Equal("has the value", primary.Detail);
            },
            secondary =>
            {
                Assert.Equal(Tree.Name(DnsTestTree.SecondaryNameServer), secondary.Nameserver);
                Assert.Equal(tree.Secondary[0], secondary.Address);
                Assert.Equal(NameserverState.NotYet, secondary.State);
                Assert.Equal(NameserverError.None, secondary.Error);
                Assert.Equal(oldSerial, secondary.Serial);
                Assert.Equal("NXDOMAIN", secondary.Detail);
            });
        Assert.Equal(
            $"not propagated: ns2.example.test. ({tree.Secondary[0].Address}) serves serial {oldSerial} without the value; 1 of 2 addresses serves it",
            held.Summary);

        // Poll while the hold is released: the wait sees the secondary catch up.
        var waiting = checker.WaitAsync(name, "held-value", ct);
        var released = await tree.ReleaseTransfersAsync(ct);
        var report = await waiting;

        Assert.Equal(newSerial, released);
        Assert.True(report.Propagated, report.Summary);
        Assert.All(report.Servers, s =>
        {
            Assert.Equal(NameserverState.Serving, s.State);
            Assert.Equal(newSerial, s.Serial);
        });
        Assert.Equal([tree.Primary[0], tree.Secondary[0]], report.Servers.Select(s => s.Address));
        Assert.Equal($"propagated: all 2 addresses serve it at serial {newSerial}", report.Summary);
        Assert.InRange(report.Attempts, 1, 100);
    }
}

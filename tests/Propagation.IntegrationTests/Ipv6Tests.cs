using System.Net;
using System.Net.Sockets;
using Solvers.Testing.DnsServers;

namespace Solvers.Propagation.IntegrationTests;

/// <summary>A nameserver with an A and an AAAA record: each address is asked and reported on its own.</summary>
public sealed class Ipv6Tests
{
    [Fact]
    public async Task CheckAsync_PrimaryWithIpv4AndIpv6_BothAddressesChecked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tree = await Tree.StartAsync(ipv6: true);
        var name = Tree.UniqueChallenge(DnsTestTree.Zone);
        await tree.AddTxtAsync(name.Value, "dual-stack", 60, ct);
        var serial = await tree.WaitForTransferAsync(ct);
        var v4 = Assert.Single(tree.Primary, e => e.AddressFamily == AddressFamily.InterNetwork);
        var v6 = Assert.Single(tree.Primary, e => e.AddressFamily == AddressFamily.InterNetworkV6);

        var report = await Tree.Checker(tree).CheckAsync(name, "dual-stack", ct);

        Assert.Equal(IPAddress.IPv6Loopback, v6.Address);
        Assert.True(report.Propagated, report.Summary);
        // IPv4 first, then IPv6, for each nameserver in name order; the port is the tree's, not 53 by assumption.
        Assert.Equal([v4, v6, tree.Secondary[0]], report.Servers.Select(s => s.Address));
        Assert.Equal(
            [DnsTestTree.PrimaryNameServer, DnsTestTree.PrimaryNameServer, DnsTestTree.SecondaryNameServer],
            report.Servers.Select(s => s.Nameserver?.Value));
        Assert.All(report.Servers, s =>
        {
            Assert.Equal(NameserverState.Serving, s.State);
            Assert.Equal(serial, s.Serial);
            Assert.NotNull(s.RoundTripTime);
        });
        Assert.Equal($"propagated: all 3 addresses serve it at serial {serial}", report.Summary);
    }

    [Fact]
    public async Task CheckAsync_Ipv6InstanceOfNs1Stale_ReportsThatAddressWithItsOldSerial_ThenPropagatesAfterTransfer()
    {
        var ct = TestContext.Current.CancellationToken;
        // ns1's AAAA address [::1] is served by a second instance (the Knot process) that lags by a zone transfer.
        await using var tree = await DnsTestTree.StartAsync(new DnsTestTreeOptions { Ipv6 = true, StaleIpv6 = true }, ct);
        var name = Tree.UniqueChallenge(DnsTestTree.Zone);
        var oldSerial = await tree.WaitForTransferAsync(ct);
        var checker = Tree.Checker(tree);
        var v4 = Assert.Single(tree.Primary);
        var v6 = Assert.Single(tree.Secondary, e => e.AddressFamily == AddressFamily.InterNetworkV6);

        await tree.HoldTransfersAsync(ct);
        await tree.AddTxtAsync(name.Value, "one-stale", 60, ct);
        var newSerial = await tree.GetSerialAsync(DnsTestServer.Primary, cancellationToken: ct);
        var held = await checker.CheckAsync(name, "one-stale", ct);

        Assert.False(held.Propagated);
        Assert.Equal([v4, v6, tree.Secondary[0]], held.Servers.Select(s => s.Address));
        Assert.Equal(
            [DnsTestTree.PrimaryNameServer, DnsTestTree.PrimaryNameServer, DnsTestTree.SecondaryNameServer],
            held.Servers.Select(s => s.Nameserver?.Value));
        Assert.Equal(NameserverState.Serving, held.Servers[0].State);
        Assert.Equal(newSerial, held.Servers[0].Serial);
        Assert.Equal(NameserverState.NotYet, held.Servers[1].State);
        Assert.Equal(oldSerial, held.Servers[1].Serial);
        Assert.Equal(NameserverError.None, held.Servers[1].Error);
        Assert.StartsWith($"not propagated: ns1.example.test. (::1) serves serial {oldSerial} without the value", held.Summary, StringComparison.Ordinal);
        Assert.Contains("1 of 3 addresses serves it", held.Summary, StringComparison.Ordinal);
        Assert.Contains("::1", held.ToTable(), StringComparison.Ordinal);

        var waiting = checker.WaitAsync(name, "one-stale", ct);
        await tree.ReleaseTransfersAsync(ct);
        var report = await waiting;

        Assert.True(report.Propagated, report.Summary);
        Assert.All(report.Servers, s => Assert.Equal(newSerial, s.Serial));
    }
}

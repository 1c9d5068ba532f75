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
}

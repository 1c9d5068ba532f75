using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace Solvers.Testing.DnsServers.Tests;

[Collection(SharedTreeGroup.Name)]
public sealed class Ipv6Tests(SharedTree shared)
{
    private DnsTestTree Tree => shared.Tree;

    [Fact]
    public async Task Primary_OverIpv6Loopback_AnswersLikeOverIpv4()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Dns.UniqueName(DnsTestTree.Zone);
        await Tree.AddTxtAsync(name, "over-v6", 60, ct);
        var v6 = Assert.Single(Tree.Primary, e => e.AddressFamily == AddressFamily.InterNetworkV6);

        var aaaa = await Dns.QueryAsync(v6, DnsTestTree.PrimaryNameServer, QueryType.AAAA);

        Assert.Equal(IPAddress.IPv6Loopback, v6.Address);
        Assert.Equal(Tree.Primary[0].Port, v6.Port);
        Assert.Equal(["over-v6"], await Dns.TxtAsync(v6, name));
        Assert.Equal(IPAddress.IPv6Loopback, Assert.Single(aaaa.Answers.AaaaRecords()).Address);
        Assert.Equal(await Dns.SerialAsync(Tree.Primary[0], DnsTestTree.Zone), await Dns.SerialAsync(v6, DnsTestTree.Zone));
    }
}

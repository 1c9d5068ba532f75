using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Solvers.Testing.DnsServers.Tests;

[Collection(SharedTreeGroup.Name)]
public sealed class DelegationTests(SharedTree shared)
{
    private DnsTestTree Tree => shared.Tree;

    [Fact]
    public async Task Parent_NameInChildZone_RefersWithNsAndGlue()
    {
        var response = await Dns.QueryAsync(Tree.Parent[0], "_acme-challenge.example.test.", QueryType.TXT);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.False(response.Header.HasAuthorityAnswer);
        Assert.Empty(response.Answers);
        Assert.Equal(
            [DnsTestTree.PrimaryNameServer, DnsTestTree.SecondaryNameServer],
            response.Authorities.NsRecords().Where(r => r.DomainName.Value == DnsTestTree.Zone).Select(r => r.NSDName.Value).Order());

        var glue = response.Additionals.Select(r => (r.DomainName.Value, Address: r switch
        {
            ARecord a => a.Address,
            AaaaRecord aaaa => aaaa.Address,
            _ => null,
        })).Where(g => g.Address is not null).ToList();
        Assert.Contains((DnsTestTree.PrimaryNameServer, Tree.Primary[0].Address), glue);
        Assert.Contains((DnsTestTree.PrimaryNameServer, IPAddress.IPv6Loopback), glue);
        Assert.Contains((DnsTestTree.SecondaryNameServer, Tree.Secondary[0].Address), glue);
    }

    [Fact]
    public async Task Parent_RootZone_DelegatesTestToItself()
    {
        var root = await Dns.QueryAsync(Tree.Parent[0], ".", QueryType.NS);
        var test = await Dns.QueryAsync(Tree.Parent[0], DnsTestTree.ParentZone, QueryType.SOA);

        Assert.True(root.Header.HasAuthorityAnswer);
        Assert.Equal("ns.test.", Assert.Single(root.Answers.NsRecords()).NSDName.Value);
        Assert.True(test.Header.HasAuthorityAnswer);
        Assert.Single(test.Answers.SoaRecords());
    }

    [Fact]
    public async Task Parent_OtherZone_IsDelegatedToThePrimary()
    {
        var response = await Dns.QueryAsync(Tree.Parent[0], "x.other.test.", QueryType.TXT);

        Assert.Equal("ns.other.test.", Assert.Single(response.Authorities.NsRecords()).NSDName.Value);
        Assert.Equal(Tree.Primary[0].Address, Assert.Single(response.Additionals.ARecords()).Address);
    }
}

using DnsClient;

namespace Solvers.Testing.DnsServers.Tests;

[Collection(SharedTreeGroup.Name)]
public sealed class ResolverTests(SharedTree shared)
{
    private DnsTestTree Tree => shared.Tree;

    [Fact]
    public async Task Resolver_AfterAddTxt_ResolvesChallengeRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        await Tree.AddTxtAsync("_acme-challenge.example.test", "resolver-token", 30, ct);
        // The resolver may ask either server of the zone, so wait until both have the value, as propagation checks do.
        await Tree.WaitForTransferAsync(ct);

        var values = await Dns.TxtAsync(Tree.Resolver[0], "_acme-challenge.example.test.", recursion: true);

        Assert.Contains("resolver-token", values);
        await Tree.RemoveTxtAsync("_acme-challenge.example.test", "resolver-token", ct);
    }

    [Fact]
    public async Task Resolver_CnameIntoOtherZone_FollowsToTarget()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Dns.UniqueName(DnsTestTree.Zone);
        var target = Dns.UniqueName(DnsTestTree.OtherZone);
        await Tree.SetCnameAsync(name, target, 30, ct);
        await Tree.AddTxtAsync(target, "delegated-token", 30, ct);
        await Tree.WaitForTransferAsync(ct);

        var response = await Dns.QueryAsync(Tree.Resolver[0], name, QueryType.TXT, recursion: true);

        Assert.Equal(target, Assert.Single(response.Answers.CnameRecords()).CanonicalName.Value);
        Assert.Equal(["delegated-token"], response.Answers.TxtRecords().SelectMany(r => r.Text));
    }

    [Fact]
    public async Task Resolver_NameOutsideTree_IsNxDomainFromLocalRoot()
    {
        // The only root the resolver knows is the parent, so the real internet is never asked.
        var response = await Dns.QueryAsync(Tree.Resolver[0], "example.com.", QueryType.A, recursion: true);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
        Assert.Equal(".", Assert.Single(response.Authorities.SoaRecords()).DomainName.Value);
    }

    [Fact]
    public async Task Resolver_AfterRemoveTxtAndFlush_NoLongerHasValue()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Dns.UniqueName(DnsTestTree.Zone);
        await Tree.AddTxtAsync(name, "keep", 30, ct);
        await Tree.AddTxtAsync(name, "drop", 30, ct);
        await Tree.WaitForTransferAsync(ct);
        Assert.Equal(["drop", "keep"], (await Dns.TxtAsync(Tree.Resolver[0], name, recursion: true)).Order());

        await Tree.RemoveTxtAsync(name, "drop", ct);
        await Tree.WaitForTransferAsync(ct);
        await Tree.FlushResolverCacheAsync(ct);

        Assert.Equal(["keep"], await Dns.TxtAsync(Tree.Resolver[0], name, recursion: true));
    }
}

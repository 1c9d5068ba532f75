using System.Security.Cryptography;

namespace Solvers.Testing.DnsServers.Tests;

/// <summary><c>knot.test.</c>: Knot as a primary that takes TSIG-signed updates, delegated and reachable by recursion.</summary>
[Collection(SharedTreeGroup.Name)]
public sealed class KnotPrimaryZoneTests(SharedTree shared)
{
    private DnsTestTree Tree => shared.Tree;

    [Fact]
    public async Task Update_SignedWithTheTreeKey_IsServedByKnotAndThroughTheResolver()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Dns.UniqueName(DnsTestTree.KnotZone);
        var before = await Tree.GetSerialAsync(DnsTestServer.Secondary, DnsTestTree.KnotZone, ct);

        await Tree.AddTxtAsync(name, "knot-signed", cancellationToken: ct);

        Assert.Equal(["knot-signed"], await Dns.TxtAsync(Tree.Secondary[0], name));
        Assert.Equal(["knot-signed"], await Dns.TxtAsync(Tree.Resolver[0], name, recursion: true));
        Assert.True(await Tree.GetSerialAsync(DnsTestServer.Secondary, DnsTestTree.KnotZone, ct) > before);
        var zone = await Tree.AxfrAsync(DnsTestServer.Secondary, DnsTestTree.KnotZone, ct);
        Assert.Contains(zone, r => r.Name == name && r.Type == "TXT" && r.Data == "\"knot-signed\"");

        await Tree.RemoveTxtAsync(name, "knot-signed", ct);

        Assert.Empty(await Dns.TxtAsync(Tree.Secondary[0], name));
    }

    [Theory]
    [InlineData("hmac-md5")]
    [InlineData("hmac-sha1")]
    [InlineData("hmac-sha256")]
    [InlineData("hmac-sha384")]
    [InlineData("hmac-sha512")]
    public async Task Update_SignedWithTheAlgorithmKey_IsAppliedOnBothPrimaries(string algorithm)
    {
        var ct = TestContext.Current.CancellationToken;
        var key = Assert.Single(Tree.AlgorithmKeys, k => k.Algorithm == algorithm);
        var onBind = Dns.UniqueName(DnsTestTree.Zone);
        var onKnot = Dns.UniqueName(DnsTestTree.KnotZone);

        await Tree.UpdateAsync(DnsTestTree.Zone, [$"update add {onBind} 60 IN TXT \"{algorithm}\""], key, ct);
        await Tree.UpdateAsync(DnsTestTree.KnotZone, [$"update add {onKnot} 60 IN TXT \"{algorithm}\""], key, ct);

        Assert.Equal([algorithm], await Dns.TxtAsync(Tree.Primary[0], onBind));
        Assert.Equal([algorithm], await Dns.TxtAsync(Tree.Secondary[0], onKnot));
        Assert.Equal($"{Tree.TsigKey.Name.TrimEnd('.')}-{algorithm}.", key.Name);
    }

    [Fact]
    public async Task Update_WrongSecret_IsRefusedAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Dns.UniqueName(DnsTestTree.KnotZone);
        var serial = await Tree.GetSerialAsync(DnsTestServer.Secondary, DnsTestTree.KnotZone, ct);
        var wrong = Tree.TsigKey with { Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

        var e = await Assert.ThrowsAsync<DnsTestTreeException>(
            () => Tree.UpdateAsync(DnsTestTree.KnotZone, [$"update add {name} 60 IN TXT \"forged\""], wrong, ct));

        Assert.Contains("NOTAUTH(BADSIG)", e.Message, StringComparison.Ordinal);
        Assert.Empty(await Dns.TxtAsync(Tree.Secondary[0], name));
        Assert.Equal(serial, await Tree.GetSerialAsync(DnsTestServer.Secondary, DnsTestTree.KnotZone, ct));
    }
}

using System.Security.Cryptography;

namespace Solvers.Testing.DnsServers.Tests;

[Collection(SharedTreeGroup.Name)]
public sealed class TsigTests(SharedTree shared)
{
    private DnsTestTree Tree => shared.Tree;

    [Fact]
    public async Task Update_WrongSecret_IsRefusedAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Dns.UniqueName(DnsTestTree.Zone);
        var serial = await Tree.GetSerialAsync(DnsTestServer.Primary, cancellationToken: ct);
        var wrong = Tree.TsigKey with { Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

        var e = await Assert.ThrowsAsync<DnsTestTreeException>(
            () => Tree.UpdateAsync(DnsTestTree.Zone, [$"update add {name} 60 IN TXT \"forged\""], wrong, ct));

        Assert.Contains("NOTAUTH(BADSIG)", e.Message, StringComparison.Ordinal);
        Assert.Empty(await Dns.TxtAsync(Tree.Primary[0], name));
        Assert.Equal(serial, await Tree.GetSerialAsync(DnsTestServer.Primary, cancellationToken: ct));
        Assert.Contains("BADSIG", Tree.ReadLog(DnsTestServer.Primary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_UnknownKeyName_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var unknown = Tree.TsigKey with { Name = "someone-else." };

        var e = await Assert.ThrowsAsync<DnsTestTreeException>(
            () => Tree.UpdateAsync(DnsTestTree.Zone, [$"update add {Dns.UniqueName(DnsTestTree.Zone)} 60 IN TXT \"x\""], unknown, ct));

        Assert.Contains("NOTAUTH(BADKEY)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_RightKey_IsApplied()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Dns.UniqueName(DnsTestTree.OtherZone);
        var before = await Tree.GetSerialAsync(DnsTestServer.Primary, DnsTestTree.OtherZone, ct);

        await Tree.UpdateAsync(DnsTestTree.OtherZone, [$"update add {name} 60 IN TXT \"signed\""], Tree.TsigKey, ct);

        Assert.Equal(["signed"], await Dns.TxtAsync(Tree.Primary[0], name));
        Assert.True(await Tree.GetSerialAsync(DnsTestServer.Primary, DnsTestTree.OtherZone, ct) > before);
        Assert.Equal("hmac-sha256", Tree.TsigKey.Algorithm);
        Assert.Equal(32, Convert.FromBase64String(Tree.TsigKey.Secret).Length);
    }
}

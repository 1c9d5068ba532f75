using System.Globalization;
using Solvers.Testing.DnsServers;

namespace Solvers.Propagation.IntegrationTests;

/// <summary>How values are compared: over TCP when UDP truncates, joined across character-strings, exactly.</summary>
public sealed class TxtValueTests(SharedTree shared) : IClassFixture<SharedTree>
{
    private DnsTestTree TestTree => shared.Tree;

    [Fact]
    public async Task CheckAsync_SixtyValuesTooLargeForUdp_FoundOverTcpAndComparedExactly()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Tree.UniqueChallenge(DnsTestTree.Zone);
        // 43 characters each, like an ACME key authorization digest.
        var values = Enumerable.Range(0, 60).Select(i => $"Value{i.ToString("D2", CultureInfo.InvariantCulture)}-{new string('x', 36)}").ToList();
        await TestTree.UpdateAsync(DnsTestTree.Zone, values.Select(v => $"update add {name.Value} 60 IN TXT \"{v}\""), cancellationToken: ct);
        var serial = await TestTree.WaitForTransferAsync(ct);
        var checker = Tree.Checker(TestTree);

        var found = await checker.CheckAsync(name, values[42], ct);
        var wrongCase = await checker.CheckAsync(name, values[42].ToUpperInvariant(), ct);

        Assert.True(found.Propagated, found.Summary);
        Assert.Equal([TestTree.Primary[0], TestTree.Secondary[0]], found.Servers.Select(s => s.Address));
        Assert.All(found.Servers, s =>
        {
            Assert.Equal(NameserverState.Serving, s.State);
            Assert.Equal(serial, s.Serial);
            Assert.Equal("has the value and 59 others, over TCP (UDP answer truncated)", s.Detail);
        });
        Assert.Equal($"propagated: all 2 addresses serve it at serial {serial}", found.Summary);

        Assert.False(wrongCase.Propagated);
        Assert.All(wrongCase.Servers, s =>
        {
            Assert.Equal(NameserverState.NotYet, s.State);
            Assert.Equal("60 TXT values, none matches, over TCP (UDP answer truncated)", s.Detail);
        });
    }

    [Fact]
    public async Task CheckAsync_ValueLongerThanOneString_JoinedBeforeComparing()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Tree.UniqueChallenge(DnsTestTree.Zone);
        var value = string.Concat(Enumerable.Range(0, 30).Select(i => $"chunk{i:D4}-")); // 300 characters
        await TestTree.AddTxtAsync(name.Value, value, 60, ct);
        var serial = await TestTree.WaitForTransferAsync(ct);
        var checker = Tree.Checker(TestTree);

        var zone = await TestTree.AxfrAsync(DnsTestServer.Secondary, DnsTestTree.Zone, ct);
        var whole = await checker.CheckAsync(name, value, ct);
        var firstString = await checker.CheckAsync(name, value[..255], ct);

        // nsupdate stored it as two character-strings, 255 + 45.
        var record = Assert.Single(zone, r => r.Name == name.Value && r.Type == "TXT");
        Assert.Equal($"\"{value[..255]}\" \"{value[255..]}\"", record.Data);

        Assert.True(whole.Propagated, whole.Summary);
        Assert.All(whole.Servers, s =>
        {
            Assert.Equal(NameserverState.Serving, s.State);
            Assert.Equal("has the value", s.Detail);
            Assert.Equal(serial, s.Serial);
        });
        Assert.Equal($"propagated: all 2 addresses serve it at serial {serial}", whole.Summary);

        Assert.False(firstString.Propagated);
        Assert.All(firstString.Servers, s =>
        {
            Assert.Equal(NameserverState.NotYet, s.State);
            Assert.Equal("1 TXT value, none matches", s.Detail);
        });
    }
}

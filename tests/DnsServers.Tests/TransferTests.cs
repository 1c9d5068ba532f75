namespace Solvers.Testing.DnsServers.Tests;

[Collection(SharedTreeGroup.Name)]
public sealed class TransferTests(SharedTree shared)
{
    private DnsTestTree Tree => shared.Tree;

    [Fact]
    public async Task Secondary_AfterAddTxt_GetsValueThroughNotify()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Dns.UniqueName(DnsTestTree.Zone);
        await Tree.AddTxtAsync(name, "transferred", 60, ct);
        var primarySerial = await Tree.GetSerialAsync(DnsTestServer.Primary, cancellationToken: ct);

        var serial = await Tree.WaitForTransferAsync(ct);

        Assert.True(serial >= primarySerial);
        Assert.Equal(["transferred"], await Dns.TxtAsync(Tree.Secondary[0], name));
        Assert.Equal(serial, await Dns.SerialAsync(Tree.Secondary[0], DnsTestTree.Zone));
    }

    [Fact]
    public async Task Axfr_AfterTransfer_SecondaryEqualsPrimary()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Dns.UniqueName(DnsTestTree.Zone);
        await Tree.AddTxtAsync(name, "snapshot \"quoted\" value", 60, ct);
        await Tree.WaitForTransferAsync(ct);

        var primary = await Tree.AxfrAsync(DnsTestServer.Primary, DnsTestTree.Zone, ct);
        var secondary = await Tree.AxfrAsync(DnsTestServer.Secondary, DnsTestTree.Zone, ct);

        Assert.Equal("SOA", primary[0].Type);
        Assert.Contains(new ZoneRecord(name, 60, "TXT", "\"snapshot \\\"quoted\\\" value\""), primary);
        Assert.Contains(new ZoneRecord("ns1.example.test.", 60, "AAAA", "::1"), primary);
        Assert.Equal(primary.Select(r => r.ToString()).Order(), secondary.Select(r => r.ToString()).Order());
    }
}

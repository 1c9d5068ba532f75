using Solvers.Testing.DnsServers;

namespace Solvers.Propagation.IntegrationTests;

/// <summary>Finding where to look: CNAME delegation into another zone, NXDOMAIN and NODATA, CNAME loops.</summary>
public sealed class LookupTests(SharedTree shared) : IClassFixture<SharedTree>
{
    private DnsTestTree TestTree => shared.Tree;

    [Fact]
    public async Task CheckAsync_CnameIntoOtherZone_ChecksTargetAtItsZone()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Tree.Name("_acme-challenge.app.example.test.");
        var target = Tree.Name($"{Tree.UniqueLabel("app")}.acme.{DnsTestTree.OtherZone}");
        var nameserver = Tree.Name("ns.other.test.");
        var checker = Tree.Checker(TestTree);
        await TestTree.SetCnameAsync(name.Value, target.Value, 60, ct);
        await TestTree.WaitForTransferAsync(ct);

        var before = await checker.CheckAsync(name, "delegated", ct);
        await TestTree.AddTxtAsync(target.Value, "delegated", 60, ct);
        var serial = await TestTree.GetSerialAsync(DnsTestServer.Primary, DnsTestTree.OtherZone, ct);
        var after = await checker.CheckAsync(name, "delegated", ct);

        Assert.False(before.Propagated);
        Assert.Equal(target, before.ResolvedFqdn);
        Assert.Equal(Tree.Name(DnsTestTree.OtherZone), before.Zone);
        var lagging = Assert.Single(before.Servers);
        Assert.Equal(NameserverState.NotYet, lagging.State);
        Assert.Equal("NXDOMAIN", lagging.Detail);

        Assert.True(after.Propagated, after.Summary);
        Assert.Equal(name, after.Fqdn);
        Assert.Equal(target, after.ResolvedFqdn);
        Assert.Equal(Tree.Name(DnsTestTree.OtherZone), after.Zone);
        var serving = Assert.Single(after.Servers);
        Assert.Equal(nameserver, serving.Nameserver);
        Assert.Equal(TestTree.Primary[0], serving.Address);
        Assert.Equal(NameserverState.Serving, serving.State);
        Assert.Equal(serial, serving.Serial);
        Assert.Equal($"propagated: the address serves it at serial {serial}", after.Summary);
    }

    [Fact]
    public async Task CheckAsync_ParentDoesNotExist_NxdomainFromEveryServerInTheZone()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Tree.Name($"_acme-challenge.{Tree.UniqueLabel("missing")}.{DnsTestTree.Zone}");
        var serial = await TestTree.WaitForTransferAsync(ct);

        var report = await Tree.Checker(TestTree).CheckAsync(name, "absent", ct);

        Assert.False(report.Propagated);
        Assert.Null(report.LookupError);
        Assert.Equal(Tree.Name(DnsTestTree.Zone), report.Zone);
        Assert.Equal([TestTree.Primary[0], TestTree.Secondary[0]], report.Servers.Select(s => s.Address));
        Assert.All(report.Servers, s =>
        {
            Assert.Equal(NameserverState.NotYet, s.State);
            Assert.Equal("NXDOMAIN", s.Detail);
            Assert.Equal(serial, s.Serial);
        });
        Assert.Equal(
            $"not propagated: ns1.example.test. ({TestTree.Primary[0].Address}) serves serial {serial} without the value; "
            + $"ns2.example.test. ({TestTree.Secondary[0].Address}) serves serial {serial} without the value; 0 of 2 addresses serve it",
            report.Summary);
    }

    [Fact]
    public async Task CheckAsync_NameWithoutTxt_NodataFromEveryServerInTheZone()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Tree.Name($"{Tree.UniqueLabel("host")}.{DnsTestTree.Zone}");
        await TestTree.UpdateAsync(DnsTestTree.Zone, [$"update add {name.Value} 60 IN A 192.0.2.1"], cancellationToken: ct);
        var serial = await TestTree.WaitForTransferAsync(ct);

        var report = await Tree.Checker(TestTree).CheckAsync(name, "absent", ct);

        Assert.False(report.Propagated);
        Assert.Equal(name, report.ResolvedFqdn);
        Assert.Equal(Tree.Name(DnsTestTree.Zone), report.Zone);
        Assert.Equal([TestTree.Primary[0], TestTree.Secondary[0]], report.Servers.Select(s => s.Address));
        Assert.All(report.Servers, s =>
        {
            Assert.Equal(NameserverState.NotYet, s.State);
            Assert.Equal("no TXT records", s.Detail);
            Assert.Equal(serial, s.Serial);
        });
        Assert.EndsWith("; 0 of 2 addresses serve it", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NameOutsideEveryZone_NoSoaLookupError()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Tree.Name($"_acme-challenge.{Tree.UniqueLabel("nowhere")}.invalid.");

        var report = await Tree.Checker(TestTree).CheckAsync(name, "absent", ct);

        Assert.False(report.Propagated);
        Assert.Null(report.Zone);
        Assert.Empty(report.Servers);
        Assert.Equal($"no SOA found for {name}", report.LookupError);
        Assert.Equal($"not propagated: no SOA found for {name}", report.Summary);
    }

    [Fact]
    public async Task CheckAsync_CnameLoop_ReportsTheLoop()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = Tree.Name($"_acme-challenge.{Tree.UniqueLabel("loop-a")}.{DnsTestTree.Zone}");
        var b = Tree.Name($"{Tree.UniqueLabel("loop-b")}.{DnsTestTree.Zone}");
        await TestTree.SetCnameAsync(a.Value, b.Value, 60, ct);
        await TestTree.SetCnameAsync(b.Value, a.Value, 60, ct);
        await TestTree.WaitForTransferAsync(ct);

        var report = await Tree.Checker(TestTree).CheckAsync(a, "looped", ct);

        Assert.False(report.Propagated);
        Assert.Equal(a, report.ResolvedFqdn);
        Assert.Null(report.Zone);
        Assert.Empty(report.Servers);
        Assert.Equal($"CNAME loop {a} -> {b} -> {a}", report.LookupError);
        Assert.Equal($"not propagated: CNAME loop {a} -> {b} -> {a}", report.Summary);
    }
}

using System.Globalization;

namespace Solvers.Testing.DnsServers.Tests;

public sealed class TransferHoldTests
{
    [Fact]
    public async Task HoldTransfers_ValueOnPrimaryOnly_UntilReleased()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tree = await OwnTree.StartAsync();
        var name = Dns.UniqueName(DnsTestTree.Zone);
        var heldSerial = await tree.GetSerialAsync(DnsTestServer.Secondary, cancellationToken: ct);

        await tree.HoldTransfersAsync(ct);
        await tree.AddTxtAsync(name, "held", 60, ct);
        var primarySerial = await tree.GetSerialAsync(DnsTestServer.Primary, cancellationToken: ct);
        // Knot logs the NOTIFY it received for the new serial: from then on only the hold keeps the value away.
        await WaitForLogLineAsync(tree, DnsTestServer.Secondary, line =>
            line.Contains($"notify, incoming, remote {tree.Primary[0].Address}@", StringComparison.Ordinal)
            && line.EndsWith($"serial {primarySerial.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal));

        Assert.True(tree.TransfersHeld);
        Assert.Equal(["held"], await Dns.TxtAsync(tree.Primary[0], name));
        Assert.Empty(await Dns.TxtAsync(tree.Secondary[0], name));
        Assert.Equal(heldSerial, await Dns.SerialAsync(tree.Secondary[0], DnsTestTree.Zone));

        var released = await tree.ReleaseTransfersAsync(ct);

        Assert.False(tree.TransfersHeld);
        Assert.Equal(primarySerial, released);
        Assert.Equal(["held"], await Dns.TxtAsync(tree.Secondary[0], name));
    }

    private static async Task WaitForLogLineAsync(DnsTestTree tree, DnsTestServer server, Func<string, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            if (tree.ReadLog(server).Split('\n').Any(l => match(l.TrimEnd())))
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"No such line in the {server} log:\n{tree.ReadLog(server)}");
    }
}

using System.Net;
using System.Net.Sockets;
using DnsClient;
using Solvers.Testing.DnsServers.Internal;

namespace Solvers.Testing.DnsServers.Tests;

public sealed class ServerDownTests
{
    [Fact]
    public async Task StopServer_Unresponsive_QueriesTimeOutUntilRestarted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tree = await OwnTree.StartAsync();
        var name = Dns.UniqueName(DnsTestTree.Zone);
        await tree.AddTxtAsync(name, "before", 60, ct);
        await tree.WaitForTransferAsync(ct);
        var oldPid = tree.ProcessId(DnsTestServer.Secondary)!.Value;

        await tree.StopServerAsync(DnsTestServer.Secondary, ServerDownMode.Unresponsive, ct);
        var udp = await Assert.ThrowsAsync<DnsResponseException>(
            () => Dns.Client(tree.Secondary[0], timeout: TimeSpan.FromMilliseconds(500)).QueryAsync(name, QueryType.TXT, cancellationToken: ct));
        var tcp = await Assert.ThrowsAsync<DnsResponseException>(
            () => TcpClient(tree.Secondary[0], TimeSpan.FromMilliseconds(500)).QueryAsync(name, QueryType.TXT, cancellationToken: ct));

        Assert.Equal(DnsResponseCode.ConnectionTimeout, udp.Code);
        Assert.Equal(DnsResponseCode.ConnectionTimeout, tcp.Code);
        Assert.Null(tree.ProcessId(DnsTestServer.Secondary));
        Assert.False(ProcessIds.IsAlive(oldPid));

        // The resolver gives up on ns2 and asks ns1: a zone with one server down still resolves.
        await tree.FlushResolverCacheAsync(ct);
        var viaResolver = await Dns.Client(tree.Resolver[0], recursion: true, timeout: TimeSpan.FromSeconds(10)).QueryAsync(name, QueryType.TXT, cancellationToken: ct);
        Assert.Equal(["before"], viaResolver.Answers.TxtRecords().SelectMany(r => r.Text));

        // Changes made while it was down arrive when it comes back.
        await tree.AddTxtAsync(name, "while-down", 60, ct);
        await tree.StartServerAsync(DnsTestServer.Secondary, ct);

        Assert.NotEqual(oldPid, tree.ProcessId(DnsTestServer.Secondary));
        Assert.Equal(["before", "while-down"], (await Dns.TxtAsync(tree.Secondary[0], name)).Order());
    }

    [Fact]
    public async Task StopServer_PortClosed_ConnectionsRefusedUntilRestarted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tree = await OwnTree.StartAsync();

        await tree.StopServerAsync(DnsTestServer.Primary, ServerDownMode.PortClosed, ct);
        var e = await Assert.ThrowsAsync<DnsResponseException>(
            () => TcpClient(tree.Primary[0], TimeSpan.FromSeconds(5)).QueryAsync(DnsTestTree.Zone, QueryType.SOA, cancellationToken: ct));

        // Refused, not timed out: nothing listens any more.
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(e.InnerException).SocketErrorCode);
        await tree.StartServerAsync(DnsTestServer.Primary, ct);
        Assert.NotNull(await Dns.SerialAsync(tree.Primary[0], DnsTestTree.Zone));
    }

    [Fact]
    public async Task SetRefusing_EachServer_AnswersRefusedThenServesAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tree = await OwnTree.StartAsync();

        foreach (var server in Enum.GetValues<DnsTestServer>())
        {
            var endpoint = tree.EndpointsOf(server)[0];
            var zone = server == DnsTestServer.Parent ? DnsTestTree.ParentZone : DnsTestTree.Zone;
            var recursion = server == DnsTestServer.Resolver;

            await tree.SetRefusingAsync(server, refusing: true, ct);
            var refused = await Dns.QueryAsync(endpoint, zone, QueryType.SOA, recursion);
            await tree.SetRefusingAsync(server, refusing: false, ct);
            var served = await Dns.QueryAsync(endpoint, zone, QueryType.SOA, recursion);

            Assert.True(refused.Header.ResponseCode == DnsHeaderResponseCode.Refused, $"{server}: {refused.Header.ResponseCode}");
            Assert.True(served.Header.ResponseCode == DnsHeaderResponseCode.NoError, $"{server}: {served.Header.ResponseCode}");
            Assert.Single(served.Answers.SoaRecords());
        }
    }

    private static LookupClient TcpClient(IPEndPoint server, TimeSpan timeout) =>
        new(new LookupClientOptions(server) { UseTcpOnly = true, UseCache = false, Recursion = false, Retries = 0, Timeout = timeout });
}

using System.Net;
using System.Net.Sockets;
using Solvers.Testing.DnsServers.Internal;

namespace Solvers.Testing.DnsServers.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task DisposeAsync_AfterStart_LeavesNoProcessFolderOrListener()
    {
        var tree = await OwnTree.StartAsync();
        var servers = Enum.GetValues<DnsTestServer>();
        var pids = servers.Select(s => tree.ProcessId(s)!.Value).ToList();
        var endpoints = servers.SelectMany(tree.EndpointsOf).ToList();
        Assert.All(pids, pid => Assert.True(ProcessIds.IsAlive(pid)));
        Assert.Equal(4, pids.Distinct().Count());
        Assert.True(Directory.Exists(tree.Directory));

        await tree.DisposeAsync();

        Assert.All(pids, pid => Assert.False(ProcessIds.IsAlive(pid), $"pid {pid} is still running"));
        Assert.All(servers, s => Assert.Null(tree.ProcessId(s)));
        Assert.False(Directory.Exists(tree.Directory));
        foreach (var endpoint in endpoints)
        {
            using var udp = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(endpoint);
        }
    }

    [Fact]
    public async Task StartAsync_AsRoot_UsesPort53AndDistinctAddresses()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "Dedicated addresses on port 53 need root.");
        await using var tree = await OwnTree.StartAsync();

        var addresses = Enum.GetValues<DnsTestServer>().Select(s => tree.EndpointsOf(s)[0]).ToList();

        Assert.True(tree.HasDedicatedAddresses);
        Assert.Equal(53, tree.AuthoritativePort);
        Assert.All(addresses, e => Assert.Equal(53, e.Port));
        Assert.Equal(4, addresses.Select(e => e.Address).Distinct().Count());
        Assert.All(addresses, e => Assert.Equal(127, e.Address.GetAddressBytes()[0]));
        Assert.DoesNotContain(IPAddress.Loopback, addresses.Select(e => e.Address));
    }

    [Fact]
    public async Task StartAsync_EndpointTakenByAnotherProgram_FailsWithClearMessage()
    {
        // A plain socket on the primary's endpoint stands in for a DNS server that is not a tree.
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.251"), 0));
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        var e = await Assert.ThrowsAsync<DnsTestTreeException>(() => OwnTree.StartAsync(new DnsTestTreeOptions
        {
            Addressing = DnsTestTreeAddressing.DedicatedAddresses,
            FirstAddress = IPAddress.Parse("127.0.0.250"),
            Port = port,
        }));

        Assert.Contains($"127.0.0.251:{port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("in use by a process that is not a DnsTestTree", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SharedLoopback_ServesAndResolvesOnOwnPorts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tree = await DnsTestTree.StartAsync(
            new DnsTestTreeOptions { Addressing = DnsTestTreeAddressing.SharedLoopback }, ct);
        var name = Dns.UniqueName(DnsTestTree.Zone);

        await tree.AddTxtAsync(name, "shared", 60, ct);
        await tree.WaitForTransferAsync(ct);

        Assert.False(tree.HasDedicatedAddresses);
        Assert.Null(tree.AuthoritativePort);
        var endpoints = Enum.GetValues<DnsTestServer>().Select(s => tree.EndpointsOf(s)[0]).ToList();
        Assert.All(endpoints, e => Assert.Equal(IPAddress.Loopback, e.Address));
        Assert.Equal(4, endpoints.Select(e => e.Port).Distinct().Count());
        Assert.Equal(IPAddress.IPv6Loopback, tree.Primary[1].Address);
        Assert.Equal(["shared"], await Dns.TxtAsync(tree.Secondary[0], name));
        Assert.Equal(["shared"], await Dns.TxtAsync(tree.Primary[1], name));
        Assert.Equal(["shared"], await Dns.TxtAsync(tree.Resolver[0], name, recursion: true));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>The addresses and ports of one tree, claimed for its lifetime (see <see cref="EndpointLocks"/>).</summary>
internal sealed class TreeLayout : IDisposable
{
    private const int RndcPort = 953;

    /// <summary>Indexes of the BIND servers (parent, primary, resolver), which have an rndc control port.</summary>
    private static readonly int[] _namedServers = [0, 1, 3];

    private readonly EndpointLocks _locks;

    private TreeLayout(bool dedicated, ServerAddress[] servers, IPAddress? primaryIpv6, bool staleIpv6, EndpointLocks locks)
    {
        Ipv6Server = staleIpv6 ? DnsTestServer.Secondary : DnsTestServer.Primary;
        Dedicated = dedicated;
        Parent = servers[0];
        Primary = servers[1];
        Secondary = servers[2];
        Resolver = servers[3];
        PrimaryIpv6 = primaryIpv6;
        _locks = locks;
    }

    /// <summary>True when every server has its own 127.0.0.N and all share one port.</summary>
    public bool Dedicated { get; }

    public ServerAddress Parent { get; }

    public ServerAddress Primary { get; }

    public ServerAddress Secondary { get; }

    public ServerAddress Resolver { get; }

    /// <summary>[::1] when ns1 has an IPv6 address (on <see cref="Primary"/>'s port): its AAAA record and glue.</summary>
    public IPAddress? PrimaryIpv6 { get; }

    /// <summary>The process listening on <see cref="PrimaryIpv6"/>: the primary, or the secondary when
    /// <see cref="DnsTestTreeOptions.StaleIpv6"/> is set.</summary>
    public DnsTestServer Ipv6Server { get; }

    public ServerAddress this[DnsTestServer server] => server switch
    {
        DnsTestServer.Parent => Parent,
        DnsTestServer.Primary => Primary,
        DnsTestServer.Secondary => Secondary,
        DnsTestServer.Resolver => Resolver,
        _ => throw new ArgumentOutOfRangeException(nameof(server)),
    };

    public IPEndPoint[] Endpoints(DnsTestServer server) => server == Ipv6Server && PrimaryIpv6 is not null
        ? [this[server].Endpoint, new IPEndPoint(PrimaryIpv6, Primary.Port)]
        : [this[server].Endpoint];

    public void Dispose() => _locks.Dispose();

    public static async Task<TreeLayout> ClaimAsync(DnsTestTreeOptions options, CancellationToken cancellationToken)
    {
        var dedicated = options.Addressing switch
        {
            DnsTestTreeAddressing.DedicatedAddresses => true,
            DnsTestTreeAddressing.SharedLoopback => false,
            _ => Environment.IsPrivilegedProcess,
        };
        return dedicated
            ? await ClaimDedicatedAsync(options, cancellationToken).ConfigureAwait(false)
            : ClaimShared(options);
    }

    private static async Task<TreeLayout> ClaimDedicatedAsync(DnsTestTreeOptions options, CancellationToken cancellationToken)
    {
        var port = options.Port ?? 53;
        var candidates = options.FirstAddress is { } first
            ? [first]
            : Enumerable.Range(0, 63).Select(k => new IPAddress(new byte[] { 127, 0, 0, (byte)(2 + (4 * k)) })).ToArray();

        var locks = new EndpointLocks();
        ServerAddress[]? servers = null;
        var failures = new List<ClaimFailure>();
        foreach (var candidate in candidates)
        {
            var addresses = Block(candidate);
            var endpoints = addresses.Select(a => (new IPEndPoint(a, port), true))
                .Concat(_namedServers.Select(i => (new IPEndPoint(addresses[i], RndcPort), false)));
            var failure = locks.TryClaimAll(endpoints);
            if (failure is null)
            {
                servers = [.. addresses.Select((a, i) => new ServerAddress(a, port, i == 2 ? 0 : RndcPort))];
                break;
            }

            failures.Add(failure);
            if (failure.PermissionDenied)
            {
                break;
            }
        }

        if (servers is null)
        {
            locks.Dispose();
            throw new DnsTestTreeException(options.FirstAddress is not null || failures.Count == 1
                ? $"Cannot run a tree on {candidates[0]} to {Block(candidates[0])[3]}, port {port.ToString(CultureInfo.InvariantCulture)}: {failures[0].Message}."
                : $"No free block of four loopback addresses for port {port.ToString(CultureInfo.InvariantCulture)} "
                    + $"(tried 127.0.0.2 to 127.0.0.254). First conflict: {failures[0].Message}.");
        }

        IPAddress? ipv6 = null;
        if (options.Ipv6)
        {
            // [::1] is the only IPv6 loopback address, so trees on the same port take turns with it.
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var failure = locks.TryClaimAll([(new IPEndPoint(IPAddress.IPv6Loopback, port), true)]);
                if (failure is null)
                {
                    ipv6 = IPAddress.IPv6Loopback;
                    break;
                }

                if (!failure.HeldByTree || deadline.Elapsed > options.StartTimeout)
                {
                    locks.Dispose();
                    throw new DnsTestTreeException(
                        $"Cannot listen on [::1]:{port.ToString(CultureInfo.InvariantCulture)}: {failure.Message}. Only one tree at a time "
                        + "can own [::1] on a port; set DnsTestTreeOptions.Ipv6 = false or another Port for trees that run alongside.");
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    locks.Dispose();
                    throw;
                }
            }
        }

        return new TreeLayout(dedicated: true, servers, ipv6, options.StaleIpv6, locks);
    }

    private static TreeLayout ClaimShared(DnsTestTreeOptions options)
    {
        var loopback = IPAddress.Loopback;
        for (var attempt = 0; ; attempt++)
        {
            var ports = options.Port is { } first
                ? [first, first + 1, first + 2, first + 3]
                : new[]
                {
                    EndpointLocks.FindFreePort([loopback], udp: true),
                    EndpointLocks.FindFreePort(options.Ipv6 ? [loopback, IPAddress.IPv6Loopback] : [loopback], udp: true),
                    EndpointLocks.FindFreePort([loopback], udp: true),
                    EndpointLocks.FindFreePort([loopback], udp: true),
                };
            var controls = new[]
            {
                EndpointLocks.FindFreePort([loopback], udp: false),
                EndpointLocks.FindFreePort([loopback], udp: false),
                0,
                EndpointLocks.FindFreePort([loopback], udp: false),
            };

            var endpoints = ports.Select(p => (new IPEndPoint(loopback, p), true))
                .Concat(controls.Where(c => c != 0).Select(c => (new IPEndPoint(loopback, c), false)))
                .ToList();
            if (options.Ipv6)
            {
                endpoints.Add((new IPEndPoint(IPAddress.IPv6Loopback, ports[1]), true));
            }

            var locks = new EndpointLocks();
            var failure = locks.TryClaimAll(endpoints);
            if (failure is null)
            {
                ServerAddress[] servers = [.. ports.Select((p, i) => new ServerAddress(loopback, p, controls[i]))];
                return new TreeLayout(dedicated: false, servers, options.Ipv6 ? IPAddress.IPv6Loopback : null, options.StaleIpv6, locks);
            }

            locks.Dispose();
            if (options.Port is not null || attempt == 5)
            {
                throw new DnsTestTreeException($"Cannot claim loopback ports for the tree: {failure.Message}.");
            }
        }
    }

    /// <summary>Four consecutive 127/8 addresses starting at <paramref name="first"/>.</summary>
    private static IPAddress[] Block(IPAddress first)
    {
        var bytes = first.GetAddressBytes();
        if (first.AddressFamily != AddressFamily.InterNetwork || bytes[0] != 127)
        {
            throw new ArgumentException($"FirstAddress must be in 127.0.0.0/8, not {first}.", nameof(first));
        }

        var value = ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        if (value + 3 >= 0xFF_FFFF || value < 2)
        {
            throw new ArgumentException($"FirstAddress {first} leaves no room for four addresses (and 127.0.0.0–1 are not used).", nameof(first));
        }

        return [.. Enumerable.Range(0, 4).Select(i =>
        {
            var v = value + (uint)i;
            return new IPAddress(new byte[] { 127, (byte)(v >> 16), (byte)(v >> 8), (byte)v });
        })];
    }
}

using System.Net;
using System.Net.Sockets;
using Solvers.Abstractions;

namespace Solvers.Propagation.Tests.Dns;

/// <summary>A small DNS tree on loopback: zones, their authoritative servers and one or more "recursive" resolvers
/// answering for all of them. Every server listens on one shared port (the checker's
/// <see cref="PropagationOptions.AuthoritativePort"/>), each on its own 127.x.y.z address, so parallel trees do not
/// collide; the one IPv6 loopback address, ::1, can go to one server per tree.</summary>
internal sealed class DnsTree : IDisposable
{
    private const int PortAttempts = 20;

    private readonly List<TestZone> _zones = [];
    private readonly List<TestDnsServer> _servers = [];
    private readonly List<TestDnsServer> _resolvers = [];
    private readonly byte[] _prefix = [127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(0, 256)];
    private int _nextHost = 1;
    private bool _started;

    public DnsTree() => Resolver = AddResolver();

    /// <summary>The first resolver, the one the checker asks first.</summary>
    public TestDnsServer Resolver { get; }

    public IReadOnlyList<TestDnsServer> Resolvers => _resolvers;

    public int Port { get; private set; }

    public TestZone Zone(string apex, int ttl = 60)
    {
        var zone = new TestZone(apex, ttl);
        _zones.Add(zone);
        return zone;
    }

    /// <summary>Adds one more resolver, asked after the ones added before it.</summary>
    public TestDnsServer AddResolver()
    {
        var resolver = new TestDnsServer(null, [NextAddress()], _zones, recursive: true);
        _resolvers.Add(resolver);
        return resolver;
    }

    /// <summary>An authoritative server named <paramref name="host"/> for <paramref name="zones"/>: each zone gets an NS
    /// record for it, and the tree zone holding <paramref name="host"/> (if any) gets its A (and with
    /// <paramref name="ipv6"/>, ::1 AAAA) record.</summary>
    public TestDnsServer Nameserver(string host, TestZone[] zones, bool ipv4 = true, bool ipv6 = false)
    {
        var name = DnsName.Parse(host);
        var addresses = new List<IPAddress>();
        if (ipv4)
        {
            addresses.Add(NextAddress());
        }

        if (ipv6)
        {
            addresses.Add(IPAddress.IPv6Loopback);
        }

        foreach (var zone in zones)
        {
            zone.AddNs(host);
        }

        var home = _zones.Where(z => name.IsSubdomainOf(z.Apex)).OrderByDescending(z => z.Apex.LabelCount).FirstOrDefault();
        foreach (var address in addresses)
        {
            home?.AddAddress(host, address);
        }

        var server = new TestDnsServer(name, addresses, zones, recursive: false);
        _servers.Add(server);
        return server;
    }

    /// <summary>Starts every server on one free port, choosing another when any address is taken.</summary>
    public DnsTree Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = Random.Shared.Next(10_000, 32_000);
            var started = new List<TestDnsServer>();
            try
            {
                foreach (var server in _resolvers.Concat(_servers))
                {
                    server.Start(port);
                    started.Add(server);
                }

                Port = port;
                _started = true;
                return this;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < PortAttempts)
            {
                foreach (var server in started)
                {
                    server.Stop();
                }
            }
        }
    }

    /// <summary>Checker options for this tree: its resolvers, its port, short timeouts.</summary>
    public PropagationOptions Options(UnreachablePolicy policy = UnreachablePolicy.Block) => !_started
        ? throw new InvalidOperationException("Start the tree first")
        : new PropagationOptions
        {
            RecursiveNameservers = [.. _resolvers.Select(r => r.EndPoint)],
            AuthoritativePort = Port,
            // Long enough for a loaded machine (answers come from this process), short enough for the tests with silent servers.
            QueryTimeout = TimeSpan.FromSeconds(1),
            Deadline = TimeSpan.FromSeconds(10),
            Unreachable = policy,
        };

    /// <summary>Every query the authoritative servers (not the resolvers) received.</summary>
    public IEnumerable<ReceivedQuery> AuthoritativeQueries => _servers.SelectMany(s => s.Queries);

    public void Dispose()
    {
        foreach (var server in _resolvers.Concat(_servers))
        {
            server.Dispose();
        }
    }

    private IPAddress NextAddress() => new([.. _prefix, (byte)_nextHost++]);
}

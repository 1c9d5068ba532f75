using System.Net;
using System.Net.Sockets;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>
/// Holds a stopped server's endpoints without ever answering: UDP datagrams queue unread, TCP connections complete in
/// the kernel's backlog and are never accepted. Clients therefore time out instead of getting port unreachable.
/// </summary>
internal sealed class Blackhole : IDisposable
{
    private readonly List<Socket> _sockets = [];

    private Blackhole()
    {
    }

    public static Blackhole Bind(IEnumerable<IPEndPoint> endpoints)
    {
        var blackhole = new Blackhole();
        try
        {
            foreach (var endpoint in endpoints)
            {
                var udp = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                blackhole._sockets.Add(udp);
                udp.Bind(endpoint);

                var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                blackhole._sockets.Add(tcp);
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                tcp.Bind(endpoint);
                tcp.Listen(64);
            }

            return blackhole;
        }
        catch
        {
            blackhole.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _sockets.Clear();
    }
}

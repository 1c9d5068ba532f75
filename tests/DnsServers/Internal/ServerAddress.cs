using System.Net;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>Where one server listens: its IPv4 address and DNS port, and the rndc control port (BIND only).</summary>
internal sealed record ServerAddress(IPAddress Address, int Port, int ControlPort)
{
    public IPEndPoint Endpoint => new(Address, Port);
}

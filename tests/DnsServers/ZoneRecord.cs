namespace Solvers.Testing.DnsServers;

/// <summary>One record of a zone transfer, in <c>dig</c>'s presentation format.</summary>
/// <param name="Name">Owner name, lowercase with a trailing dot.</param>
/// <param name="Ttl">TTL in seconds.</param>
/// <param name="Type">e.g. <c>TXT</c>.</param>
/// <param name="Data">RDATA as dig prints it, e.g. <c>"value"</c> or <c>ns1.example.test.</c></param>
public sealed record ZoneRecord(string Name, int Ttl, string Type, string Data)
{
    /// <summary>A zone-file line: <c>name ttl IN type data</c>.</summary>
    public override string ToString() => $"{Name} {Ttl} IN {Type} {Data}";
}

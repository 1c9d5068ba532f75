using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Solvers.Abstractions;

namespace Solvers.Propagation.Tests.Dns;

/// <summary>One resource record of a <see cref="TestZone"/>: TXT (<see cref="Text"/>), CNAME or NS (<see cref="Target"/>),
/// A or AAAA (<see cref="Address"/>).</summary>
internal sealed record TestRecord(DnsName Name, RecordType Type, int Ttl, string[]? Text = null, DnsName? Target = null, IPAddress? Address = null)
{
    public DnsRecordBase ToWire(DomainName owner) => Type switch
    {
        RecordType.Txt => new TxtRecord(owner, Ttl, Text!),
        RecordType.CName => new CNameRecord(owner, Ttl, ToDomainName(Target!.Value)),
        RecordType.Ns => new NsRecord(owner, Ttl, ToDomainName(Target!.Value)),
        RecordType.A => new ARecord(owner, Ttl, Address!),
        RecordType.Aaaa => new AaaaRecord(owner, Ttl, Address!),
        _ => throw new NotSupportedException(Type.ToString()),
    };

    public static DomainName ToDomainName(DnsName name) => DomainName.Parse(name.Value);
}

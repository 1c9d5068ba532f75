using System.Collections.Immutable;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Solvers.Abstractions;

namespace Solvers.Propagation.Tests.Dns;

/// <summary>One version of a zone's content, as a server serves it.</summary>
internal sealed record ZoneSnapshot(DnsName Apex, uint Serial, int Ttl, ImmutableList<TestRecord> Records)
{
    public IEnumerable<TestRecord> At(DnsName name) => Records.Where(r => r.Name == name);

    /// <summary>Whether the name has records or names below it (an empty non-terminal exists too, RFC 8020).</summary>
    public bool Exists(DnsName name) => name == Apex || Records.Any(r => r.Name.IsSubdomainOf(name));

    public SoaRecord Soa(DomainName owner, int ttl)
    {
        var master = Records.FirstOrDefault(r => r.Type == RecordType.Ns)?.Target ?? DnsName.Parse("ns." + Apex.Value);
        return new SoaRecord(owner, ttl, TestRecord.ToDomainName(master), DomainName.Parse("hostmaster." + Apex.Value), Serial, 3600, 600, 86_400, Ttl);
    }
}

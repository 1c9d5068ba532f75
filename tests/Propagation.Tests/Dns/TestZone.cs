using System.Collections.Immutable;
using System.Net;
using ARSoft.Tools.Net.Dns;
using Solvers.Abstractions;

namespace Solvers.Propagation.Tests.Dns;

/// <summary>A zone whose content changes in versions; every change adds one to the serial. Servers serve the current
/// version unless told to lag (<see cref="TestDnsServer.Lag"/>). Names are absolute.</summary>
internal sealed class TestZone
{
    public const uint InitialSerial = 2025010101;

    private readonly Lock _lock = new();
    private ZoneSnapshot _current;

    public TestZone(string apex, int ttl)
    {
        Apex = DnsName.Parse(apex);
        _current = new ZoneSnapshot(Apex, InitialSerial, ttl, []);
    }

    public DnsName Apex { get; }

    public ZoneSnapshot Current => Volatile.Read(ref _current);

    public uint Serial => Current.Serial;

    /// <summary>Adds one TXT record made of <paramref name="parts"/> (one character-string each).</summary>
    public void AddTxt(string name, params string[] parts) => Add(new TestRecord(Name(name), RecordType.Txt, Current.Ttl, Text: parts));

    public void RemoveTxt(string name) => Change(records => records.RemoveAll(r => r.Name == Name(name) && r.Type == RecordType.Txt));

    public void AddCname(string name, string target) => Add(new TestRecord(Name(name), RecordType.CName, Current.Ttl, Target: DnsName.Parse(target)));

    public void AddNs(string host) => Add(new TestRecord(Apex, RecordType.Ns, Current.Ttl, Target: DnsName.Parse(host)));

    public void RemoveNs(string host) => Change(records => records.RemoveAll(r => r.Type == RecordType.Ns && r.Target == DnsName.Parse(host)));

    public void AddAddress(string name, IPAddress address) =>
        Add(new TestRecord(Name(name), address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? RecordType.A : RecordType.Aaaa, Current.Ttl, Address: address));

    private DnsName Name(string name)
    {
        var parsed = DnsName.Parse(name);
        return parsed.IsSubdomainOf(Apex) ? parsed : throw new ArgumentException($"{name} is not in {Apex}", nameof(name));
    }

    private void Add(TestRecord record) => Change(records => records.Add(record));

    private void Change(Func<ImmutableList<TestRecord>, ImmutableList<TestRecord>> edit)
    {
        lock (_lock)
        {
            var current = _current;
            Volatile.Write(ref _current, current with { Serial = current.Serial + 1, Records = edit(current.Records) });
        }
    }
}

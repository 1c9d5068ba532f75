using Solvers.Abstractions;

namespace Solvers.Conformance.Tests.Reference;

/// <summary>A zone's records in memory, as a DNS API would hold them: TXT values per name, plus records the
/// providers must never touch. Thread-safe.</summary>
public sealed class InMemoryZone
{
    private readonly Lock _gate = new();
    private readonly Dictionary<DnsName, List<string>> _txt = [];

    public InMemoryZone(string zone)
    {
        Name = DnsName.Parse(zone);
        Others = [$"{Name} 3600 NS ns1.{Name}", $"ns1.{Name} 3600 A 192.0.2.53", $"www.{Name} 300 A 192.0.2.1", $"_dmarc.{Name} 300 TXT v=DMARC1; p=none"];
    }

    public DnsName Name { get; }

    /// <summary>Records that are not ACME values.</summary>
    public IReadOnlyList<string> Others { get; }

    public IReadOnlyList<string> Values(DnsName name)
    {
        lock (_gate)
        {
            return _txt.TryGetValue(name, out var values) ? [.. values] : [];
        }
    }

    /// <summary>Every record, as a zone listing would show it.</summary>
    public IEnumerable<string> List()
    {
        lock (_gate)
        {
            return [.. Others, .. _txt.SelectMany(p => p.Value.Select(v => $"{p.Key} 60 TXT {v}"))];
        }
    }

    /// <summary>Runs <paramref name="change"/> on the name's values under the zone's lock.</summary>
    public void Change(DnsName name, Action<List<string>> change)
    {
        lock (_gate)
        {
            if (!_txt.TryGetValue(name, out var values))
            {
                _txt[name] = values = [];
            }

            change(values);
            if (values.Count == 0)
            {
                _txt.Remove(name);
            }
        }
    }
}

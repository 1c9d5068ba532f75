using Solvers.Abstractions;

namespace Solvers.Providers.Embedded.Internal;

/// <summary>The TXT values of the served zones, in memory. Safe for concurrent writers and readers: each zone has its
/// own lock, and readers get copies.</summary>
internal sealed class EmbeddedZoneStore
{
    // Longest first, so that a name in a served child zone is found there and not in its served parent.
    private readonly Zone[] _byLength;

    public EmbeddedZoneStore(IReadOnlyList<DnsName> zones, DnsName nameServer)
    {
        ArgumentNullException.ThrowIfNull(zones);
        Zones = [.. zones];
        _byLength = [.. zones.Distinct().Select(z => new Zone(z)).OrderByDescending(z => z.Apex.LabelCount)];
        NameServer = nameServer;

        // The name server's own name exists (it has A/AAAA records), and so do the names between it and the apex.
        if (TryFind(nameServer) is { } zone)
        {
            zone.AddOwner(nameServer);
        }
    }

    /// <summary>The served zones in configured order.</summary>
    public IReadOnlyList<DnsName> Zones { get; }

    public DnsName NameServer { get; }

    /// <summary>Finds the most specific served zone that holds <paramref name="name"/>.</summary>
    public bool TryFindZone(DnsName name, out DnsName zone)
    {
        var found = TryFind(name);
        zone = found?.Apex ?? default;
        return found is not null;
    }

    /// <summary>Adds <paramref name="value"/> at <paramref name="fqdn"/> unless it is there already.</summary>
    /// <returns><see langword="false"/> when no served zone holds <paramref name="fqdn"/>.</returns>
    public bool TryPresent(DnsName fqdn, string value, int ttl, out Change change)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TryFind(fqdn) is not { } zone)
        {
            change = default;
            return false;
        }

        lock (zone.Gate)
        {
            if (!zone.Txt.TryGetValue(fqdn, out var values))
            {
                values = [];
                zone.Txt.Add(fqdn, values);
                zone.AddOwner(fqdn);
            }

            var changed = !values.Exists(v => string.Equals(v.Value, value, StringComparison.Ordinal));
            if (changed)
            {
                values.Add(new TxtValue(value, ttl));
                zone.Serial = unchecked(zone.Serial + 1);
            }

            change = new Change(zone.Apex, changed, values.Count);
            return true;
        }
    }

    /// <summary>Removes exactly <paramref name="value"/> at <paramref name="fqdn"/>, if it is there.</summary>
    /// <returns><see langword="false"/> when no served zone holds <paramref name="fqdn"/>.</returns>
    public bool TryCleanUp(DnsName fqdn, string value, out Change change)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TryFind(fqdn) is not { } zone)
        {
            change = default;
            return false;
        }

        lock (zone.Gate)
        {
            var changed = false;
            var count = 0;
            if (zone.Txt.TryGetValue(fqdn, out var values))
            {
                changed = values.RemoveAll(v => string.Equals(v.Value, value, StringComparison.Ordinal)) > 0;
                count = values.Count;
                if (count == 0)
                {
                    zone.Txt.Remove(fqdn);
                    zone.RemoveOwner(fqdn);
                }

                if (changed)
                {
                    zone.Serial = unchecked(zone.Serial + 1);
                }
            }

            change = new Change(zone.Apex, changed, count);
            return true;
        }
    }

    /// <summary>A consistent copy of what <paramref name="zone"/> holds at <paramref name="name"/>.</summary>
    /// <param name="zone">A served zone, from <see cref="TryFindZone"/>.</param>
    /// <param name="name">A name in <paramref name="zone"/>, or <see langword="null"/> for a name that cannot exist
    /// there (one with a label no stored name can have).</param>
    public Snapshot Read(DnsName zone, DnsName? name)
    {
        var found = Array.Find(_byLength, z => z.Apex == zone) ?? throw new ArgumentException($"{zone} is not served", nameof(zone));
        lock (found.Gate)
        {
            if (name is not { } n)
            {
                return new Snapshot(found.Serial, Exists: false, [], 0);
            }

            var exists = n == found.Apex || found.Owners.ContainsKey(n);
            return found.Txt.TryGetValue(n, out var values)
                ? new Snapshot(found.Serial, exists, [.. values.Select(v => v.Value)], values.Min(v => v.Ttl))
                : new Snapshot(found.Serial, exists, [], 0);
        }
    }

    private Zone? TryFind(DnsName name) => Array.Find(_byLength, z => name.IsSubdomainOf(z.Apex));

    /// <summary>The outcome of a write.</summary>
    /// <param name="Zone">The served zone that holds the name.</param>
    /// <param name="Changed">Whether the value set changed (and the serial with it).</param>
    /// <param name="Count">How many values the name has now.</param>
    internal readonly record struct Change(DnsName Zone, bool Changed, int Count);

    /// <summary>What a zone holds at one name.</summary>
    /// <param name="Serial">The zone's SOA serial.</param>
    /// <param name="Exists">Whether the name exists: the apex, a name with records, or an empty non-terminal.</param>
    /// <param name="TxtValues">The TXT values in insertion order.</param>
    /// <param name="TxtTtl">The TTL of the TXT set (the smallest of its values', as RFC 2181 §5.2 wants one per set).</param>
    internal readonly record struct Snapshot(uint Serial, bool Exists, string[] TxtValues, int TxtTtl);

    private readonly record struct TxtValue(string Value, int Ttl);

    /// <summary>One served zone and its lock.</summary>
    private sealed class Zone(DnsName apex)
    {
        public DnsName Apex { get; } = apex;

        public Lock Gate { get; } = new();

        // Serials restart each run: nothing transfers these zones, so only the value's growth within a run matters.
        public uint Serial { get; set; } = 1;

        public Dictionary<DnsName, List<TxtValue>> Txt { get; } = [];

        /// <summary>For each existing name below the apex, how many names with records lie at or below it; a name
        /// counted here without records of its own is an empty non-terminal (RFC 8020).</summary>
        public Dictionary<DnsName, int> Owners { get; } = [];

        public void AddOwner(DnsName name)
        {
            for (var n = name; n != Apex && !n.IsRoot; n = n.Parent)
            {
                Owners[n] = Owners.GetValueOrDefault(n) + 1;
            }
        }

        public void RemoveOwner(DnsName name)
        {
            for (var n = name; n != Apex && !n.IsRoot; n = n.Parent)
            {
                var count = Owners.GetValueOrDefault(n) - 1;
                if (count > 0)
                {
                    Owners[n] = count;
                }
                else
                {
                    Owners.Remove(n);
                }
            }
        }
    }
}

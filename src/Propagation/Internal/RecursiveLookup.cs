using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Solvers.Abstractions;

namespace Solvers.Propagation.Internal;

/// <summary>Everything asked of the recursive resolvers: CNAME chains, the zone (SOA walk), its NS set and the
/// nameservers' addresses. Zone, NS and address answers are cached for their TTL; nothing negative is cached.</summary>
internal sealed class RecursiveLookup
{
    /// <summary>The longest CNAME chain followed, counted in CNAME records.</summary>
    public const int MaxCnameDepth = 8;

    private readonly DnsExchanger _exchanger;
    private readonly Lazy<IReadOnlyList<IPEndPoint>> _resolvers;
    private readonly TtlCache<DnsName, DnsName> _zones;
    private readonly TtlCache<DnsName, DnsName[]> _nameservers;
    private readonly TtlCache<DnsName, IPAddress[]> _addresses;

    public RecursiveLookup(DnsExchanger exchanger, IReadOnlyList<IPEndPoint> configured, TimeProvider time)
    {
        _exchanger = exchanger;
        _resolvers = new(() => configured.Count > 0 ? configured : SystemResolvers());
        _zones = new(time);
        _nameservers = new(time);
        _addresses = new(time);
    }

    /// <summary>The resolvers in use: the configured ones, or the system's.</summary>
    public IReadOnlyList<IPEndPoint> Resolvers => _resolvers.Value;

    /// <summary>Asks the resolvers in order (RD=1) and returns the first NOERROR or NXDOMAIN response.</summary>
    /// <exception cref="LookupException">None gave one; the message names each resolver's failure.</exception>
    public async Task<IDnsQueryResponse> QueryAsync(DnsName name, QueryType type, QueryScope scope)
    {
        var resolvers = Resolvers;
        if (resolvers.Count == 0)
        {
            throw new LookupException("no recursive nameservers are configured and none were found on this system");
        }

        var failures = new List<string>(resolvers.Count);
        foreach (var resolver in resolvers)
        {
            var result = await _exchanger.QueryAsync(resolver, name, type, recursion: true, scope);
            if (result.ResponseCode is DnsHeaderResponseCode.NoError or DnsHeaderResponseCode.NotExistentDomain)
            {
                return result.Response!;
            }

            failures.Add(result.ResponseCode is { } code ? $"{resolver} answered {DnsText.Rcode(code)}" : $"{resolver}: {result.Failure}");
        }

        throw new LookupException($"{type} query for {name} failed: {string.Join("; ", failures)}");
    }

    /// <summary>Follows the CNAME chain that starts at <paramref name="fqdn"/>; returns the chain, the name itself first
    /// and the final name last.</summary>
    /// <exception cref="LookupException">A loop, a chain longer than <see cref="MaxCnameDepth"/>, or no resolver answered.</exception>
    public async Task<IReadOnlyList<DnsName>> FollowCnamesAsync(DnsName fqdn, QueryScope scope)
    {
        var chain = new List<DnsName> { fqdn };
        while (true)
        {
            var current = chain[^1];
            var response = await QueryAsync(current, QueryType.CNAME, scope);
            var cname = response.Answers.CnameRecords().FirstOrDefault(c => DnsText.Is(c.DomainName, current));
            if (cname is null)
            {
                return chain;
            }

            if (!DnsText.TryName(cname.CanonicalName, out var target))
            {
                throw new LookupException($"the CNAME at {current} points to \"{cname.CanonicalName.Value}\", which is not a valid name");
            }

            var loop = chain.Contains(target);
            chain.Add(target);
            if (loop)
            {
                throw new LookupException($"CNAME loop {string.Join(" -> ", chain)}");
            }

            if (chain.Count - 1 > MaxCnameDepth)
            {
                throw new LookupException($"CNAME chain longer than {MaxCnameDepth}: {string.Join(" -> ", chain)}");
            }
        }
    }

    /// <summary>Finds the zone of <paramref name="name"/>: SOA queries from the name upwards. An SOA in the answer names
    /// the zone; so does the SOA in the authority section of a NODATA or NXDOMAIN answer (RFC 2308 §2). A name with a
    /// CNAME cannot be a zone apex, so the walk goes on above it.</summary>
    /// <exception cref="LookupException">No SOA up to the root, or no resolver answered.</exception>
    public async Task<DnsName> FindZoneAsync(DnsName name, QueryScope scope)
    {
        if (_zones.TryGet(name, out var cached))
        {
            return cached;
        }

        for (var current = name; !current.IsRoot; current = current.Parent)
        {
            var response = await QueryAsync(current, QueryType.SOA, scope);
            if (response.Answers.CnameRecords().Any(c => DnsText.Is(c.DomainName, current)))
            {
                continue;
            }

            var soa = response.Answers.SoaRecords().FirstOrDefault(s => DnsText.Is(s.DomainName, current));
            if (soa is not null)
            {
                _zones.Set(name, current, Ttl(soa));
                return current;
            }

            foreach (var negative in response.Authorities.SoaRecords())
            {
                if (DnsText.TryName(negative.DomainName, out var owner) && current.IsSubdomainOf(owner) && !owner.IsRoot)
                {
                    _zones.Set(name, owner, Ttl(negative));
                    return owner;
                }
            }
        }

        throw new LookupException($"no SOA found for {name}");
    }

    /// <summary>The zone's nameserver host names, sorted: NS records owned by the zone from the answer, or, when a
    /// resolver puts them there, from the authority section.</summary>
    /// <exception cref="LookupException">No NS records, or no resolver answered.</exception>
    public async Task<IReadOnlyList<DnsName>> FindNameserversAsync(DnsName zone, QueryScope scope)
    {
        if (_nameservers.TryGet(zone, out var cached))
        {
            return cached;
        }

        var response = await QueryAsync(zone, QueryType.NS, scope);
        var records = response.Answers.NsRecords().Where(r => DnsText.Is(r.DomainName, zone)).ToList();
        if (records.Count == 0)
        {
            records = [.. response.Authorities.NsRecords().Where(r => DnsText.Is(r.DomainName, zone))];
        }

        var hosts = new SortedSet<DnsName>(Comparer<DnsName>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value)));
        foreach (var record in records)
        {
            if (DnsText.TryName(record.NSDName, out var host))
            {
                hosts.Add(host);
            }
        }

        if (hosts.Count == 0)
        {
            throw new LookupException($"no NS records found for zone {zone}");
        }

        DnsName[] result = [.. hosts];
        _nameservers.Set(zone, result, Ttl(records));
        return result;
    }

    /// <summary>The A and AAAA addresses of a nameserver, IPv4 first; cached only when both queries succeeded and found
    /// some. <c>Error</c> says why there are none.</summary>
    public async Task<(IReadOnlyList<IPAddress> Addresses, string? Error)> ResolveAsync(DnsName host, QueryScope scope)
    {
        if (_addresses.TryGet(host, out var cached))
        {
            return (cached, null);
        }

        var v4 = QueryOrFailureAsync(host, QueryType.A, scope);
        var v6 = QueryOrFailureAsync(host, QueryType.AAAA, scope);
        var results = await Task.WhenAll(v4, v6);

        var records = results
            .Where(r => r.Response is not null)
            .SelectMany(r => r.Response!.Answers.OfType<AddressRecord>())
            .ToList();
        IPAddress[] addresses = [.. records.Select(r => r.Address).Distinct()];
        var failures = results.Where(r => r.Error is not null).Select(r => r.Error!).ToList();

        if (addresses.Length > 0)
        {
            if (failures.Count == 0)
            {
                _addresses.Set(host, addresses, Ttl(records));
            }

            return (addresses, null);
        }

        return ([], failures.Count > 0 ? string.Join("; ", failures) : "no A or AAAA records");
    }

    private async Task<(IDnsQueryResponse? Response, string? Error)> QueryOrFailureAsync(DnsName host, QueryType type, QueryScope scope)
    {
        try
        {
            return (await QueryAsync(host, type, scope), null);
        }
        catch (LookupException ex)
        {
            return (null, ex.Message);
        }
    }

    private static TimeSpan Ttl(DnsResourceRecord record) => TimeSpan.FromSeconds(Math.Max(0, record.InitialTimeToLive));

    private static TimeSpan Ttl(IEnumerable<DnsResourceRecord> records) =>
        records.Select(Ttl).DefaultIfEmpty(TimeSpan.Zero).Min();

    private static IPEndPoint[] SystemResolvers()
    {
        try
        {
            return [.. NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false)
                .Select(n => new IPEndPoint(IPAddress.Parse(n.Address), n.Port))];
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or FormatException or System.Net.NetworkInformation.NetworkInformationException)
        {
            return [];
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Solvers.Abstractions;

namespace Solvers.Propagation.Tests.Dns;

/// <summary>A DNS server on loopback (UDP and TCP on each of its addresses) built on ARSoft.Tools.Net. As an
/// authoritative server it answers its zones with AA and refuses other names; as a "recursive resolver" it answers
/// any name of the tree from the zones' current versions, follows CNAMEs, and sets RA but not AA. It can be told to
/// lag, refuse, fail, drop, truncate or answer lame, and records every query.</summary>
internal sealed class TestDnsServer : IDisposable
{
    private const int MaxChase = 10;

    private readonly IReadOnlyList<TestZone> _zones;
    private readonly ConcurrentQueue<ReceivedQuery> _queries = new();
    private CancellationTokenSource _stopping = new();
    private readonly List<(DnsServer Server, IServerTransport[] Transports)> _listeners = [];
    private volatile ServerMode _mode;
    private volatile Dictionary<DnsName, ZoneSnapshot>? _frozen;

    public TestDnsServer(DnsName? name, IReadOnlyList<IPAddress> addresses, IReadOnlyList<TestZone> zones, bool recursive)
    {
        Name = name;
        Addresses = addresses;
        _zones = zones;
        IsRecursive = recursive;
    }

    /// <summary>The NS host name; <see langword="null"/> for a resolver.</summary>
    public DnsName? Name { get; }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public bool IsRecursive { get; }

    public int Port { get; private set; }

    public ServerMode Mode { get => _mode; set => _mode = value; }

    /// <summary>Resolver only: answer NS queries in the authority section, as some resolvers do (cert-manager #5479).</summary>
    public bool NsInAuthority { get; set; }

    /// <summary>Leave the SOA out of negative answers, so the zone can only be found by its apex SOA.</summary>
    public bool OmitNegativeSoa { get; set; }

    public IReadOnlyList<ReceivedQuery> Queries => [.. _queries];

    public IPEndPoint EndPoint => new(Addresses[0], Port);

    /// <summary>Keeps serving the zones' current versions, whatever changes next.</summary>
    public void Lag() => _frozen = _zones.ToDictionary(z => z.Apex, z => z.Current);

    /// <summary>Serves the zones' current versions again.</summary>
    public void CatchUp() => _frozen = null;

    public void ClearQueries() => _queries.Clear();

    /// <summary>Binds UDP and TCP on every address at <paramref name="port"/>.</summary>
    /// <exception cref="SocketException">An address and port cannot be bound; nothing stays bound.</exception>
    public void Start(int port)
    {
        Port = port;
        _stopping.Dispose();
        _stopping = new CancellationTokenSource();
        try
        {
            foreach (var address in Addresses)
            {
                var endPoint = new IPEndPoint(address, port);
                IServerTransport[] transports = [new UdpServerTransport(endPoint), new TcpServerTransport(endPoint)];
                var server = new DnsServer(transports);
                server.QueryReceived += (_, e) => OnQueryAsync(address, e);
                _listeners.Add((server, transports));
                server.Start();
            }
        }
        catch
        {
            Stop();
            throw;
        }
    }

    public void Dispose()
    {
        Stop();
        _stopping.Dispose();
    }

    /// <summary>Closes every socket; <see cref="Start"/> may bind again.</summary>
    public void Stop()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }

        foreach (var (server, transports) in _listeners)
        {
            try
            {
                server.Stop();
            }
            catch (Exception ex) when (ex is AggregateException or InvalidOperationException or SocketException or ObjectDisposedException)
            {
                // Right after Start() ARSoft throws from waiting on accept loops that never ran; the sockets close below.
            }

            foreach (var transport in transports)
            {
                try
                {
                    transport.Close();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    // Already closed.
                }

                transport.Dispose();
            }
        }

        _listeners.Clear();
    }

    private async Task OnQueryAsync(IPAddress local, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage { Questions: [var question] } query)
        {
            return;
        }

        _queries.Enqueue(new ReceivedQuery(
            local, DnsName.TryParse(question.Name.ToString(), out var parsed) ? parsed : DnsName.Root, question.RecordType,
            e.TransportProtocol, query.IsRecursionDesired, query.EDnsOptions is not null));

        var mode = Mode;
        if (mode == ServerMode.Drop)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping: still no answer.
            }

            return;
        }

        e.Response = Respond(query, question, mode, e.TransportProtocol);
    }

    private DnsMessage Respond(DnsMessage query, DnsQuestion question, ServerMode mode, TransportProtocol transport)
    {
        var response = query.CreateResponseInstance();
        if (query.EDnsOptions is { } edns)
        {
            response.EDnsOptions = new OptRecord(Math.Clamp(edns.UdpPayloadSize, (ushort)512, (ushort)1232));
        }

        switch (mode)
        {
            case ServerMode.Refuse:
                response.ReturnCode = ReturnCode.Refused;
                return response;
            case ServerMode.ServFail:
                response.ReturnCode = ReturnCode.ServerFailure;
                return response;
            case ServerMode.Truncate when transport == TransportProtocol.Udp:
                response.IsTruncated = true;
                return response;
        }

        if (!DnsName.TryParse(question.Name.ToString(), out var name))
        {
            response.ReturnCode = ReturnCode.Refused;
            return response;
        }

        if (IsRecursive)
        {
            Resolve(response, question, name);
        }
        else if (FindZone(name, _frozen) is { } zone)
        {
            response.IsAuthoritiveAnswer = true;
            Answer(response, zone, question.Name, name, question.RecordType);
        }
        else
        {
            response.ReturnCode = ReturnCode.Refused;
        }

        if (mode == ServerMode.Lame)
        {
            response.IsAuthoritiveAnswer = false;
        }

        return response;
    }

    /// <summary>What a resolver does: answers from the zone holding the name, following CNAMEs across zones.</summary>
    private void Resolve(DnsMessage response, DnsQuestion question, DnsName name)
    {
        response.IsRecursionAllowed = true;
        var owner = question.Name;
        var visited = new HashSet<DnsName> { name };
        for (var hop = 0; hop < MaxChase; hop++)
        {
            if (FindZone(name, frozen: null) is not { } zone)
            {
                response.ReturnCode = ReturnCode.NxDomain;
                return;
            }

            if (Answer(response, zone, owner, name, question.RecordType) is not { } target)
            {
                return;
            }

            if (!visited.Add(target))
            {
                // A CNAME loop: what BIND answers.
                response.AnswerRecords.Clear();
                response.ReturnCode = ReturnCode.ServerFailure;
                return;
            }

            name = target;
            owner = TestRecord.ToDomainName(target);
        }

        response.ReturnCode = ReturnCode.ServerFailure;
    }

    /// <summary>Adds the answer for one name from one zone; returns the CNAME target when the name has a CNAME and
    /// the question is not for CNAME.</summary>
    private DnsName? Answer(DnsMessage response, ZoneSnapshot zone, DomainName owner, DnsName name, RecordType type)
    {
        var records = zone.At(name).ToList();
        var cname = records.FirstOrDefault(r => r.Type == RecordType.CName);
        if (cname is not null && type != RecordType.CName)
        {
            response.AnswerRecords.Add(cname.ToWire(owner));
            return cname.Target;
        }

        var answers = new List<DnsRecordBase>();
        if (type == RecordType.Soa && name == zone.Apex)
        {
            answers.Add(zone.Soa(owner, zone.Ttl));
        }

        answers.AddRange(records.Where(r => r.Type == type).Select(r => r.ToWire(owner)));
        if (answers.Count > 0)
        {
            var section = IsRecursive && NsInAuthority && type == RecordType.Ns ? response.AuthorityRecords : response.AnswerRecords;
            section.AddRange(answers);
            return null;
        }

        response.ReturnCode = zone.Exists(name) ? ReturnCode.NoError : ReturnCode.NxDomain;
        if (!OmitNegativeSoa)
        {
            response.AuthorityRecords.Add(zone.Soa(TestRecord.ToDomainName(zone.Apex), zone.Ttl));
        }

        return null;
    }

    /// <summary>The version of the zone that holds <paramref name="name"/> (the longest apex), as this server serves it.</summary>
    private ZoneSnapshot? FindZone(DnsName name, Dictionary<DnsName, ZoneSnapshot>? frozen) =>
        _zones
            .Where(z => name.IsSubdomainOf(z.Apex))
            .OrderByDescending(z => z.Apex.LabelCount)
            .Select(z => frozen is not null && frozen.TryGetValue(z.Apex, out var old) ? old : z.Current)
            .FirstOrDefault();
}

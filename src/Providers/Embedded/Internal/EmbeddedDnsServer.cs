using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using Microsoft.Extensions.Logging;
using Solvers.Abstractions;

namespace Solvers.Providers.Embedded.Internal;

/// <summary>The wire side of the embedded solver: answers queries for the store's zones over UDP and TCP, as their
/// authoritative server, with ARSoft.Tools.Net's <see cref="DnsServer"/>.</summary>
internal sealed class EmbeddedDnsServer : IDisposable
{
    private const int SoaTtl = 60;
    private const int SoaRefresh = 3600;
    private const int SoaRetry = 600;
    private const int SoaExpire = 86_400;
    private const int SoaMinimum = 60;
    private const int NsTtl = 60;
    private const int AddressTtl = 60;

    // RFC 2308 §3: a negative answer's SOA carries min(SOA TTL, SOA minimum).
    private const int NegativeSoaTtl = SoaTtl < SoaMinimum ? SoaTtl : SoaMinimum;

    // Answers larger than this go out truncated over UDP, so the client retries over TCP (https://www.dnsflagday.net/2020/).
    private const ushort MaxUdpPayload = 1232;
    private const int MaxCharacterString = 255;
    private const int PortAttempts = 10;

    private readonly DnsServer _server;
    private readonly IServerTransport[] _transports;
    private readonly EmbeddedZoneStore _store;
    private readonly ILogger _logger;
    private readonly Dictionary<DnsName, (DomainName Apex, DomainName Mailbox)> _zoneNames;
    private readonly DomainName _nameServer;
    private readonly DnsName? _nameServerZone;
    private int _disposed;

    private EmbeddedDnsServer(IPEndPoint endPoint, EmbeddedZoneStore store, ILogger logger)
    {
        EndPoint = endPoint;
        _store = store;
        _logger = logger;
        _zoneNames = store.Zones.ToDictionary(z => z, z => (ToDomainName(z), ToDomainName(MailboxOf(z))));
        _nameServer = ToDomainName(store.NameServer);
        _nameServerZone = store.TryFindZone(store.NameServer, out var zone) ? zone : null;

        _transports = [new UdpServerTransport(endPoint), new TcpServerTransport(endPoint)];
        _server = new DnsServer(_transports);
        _server.QueryReceived += OnQueryReceivedAsync;
        _server.ExceptionThrown += OnExceptionThrownAsync;
    }

    /// <summary>The endpoint the server is bound to, with the port it got when 0 was asked for.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Binds UDP and TCP on <paramref name="listen"/> and starts answering.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public static EmbeddedDnsServer Start(IPEndPoint listen, EmbeddedZoneStore store, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(listen);
        if (listen.Port != 0)
        {
            return StartOn(listen, store, logger);
        }

        // ARSoft does not report the port a socket got, so choose a free one first. UDP and TCP must share it,
        // and another process may take it in between: then choose again.
        for (var attempt = 1; ; attempt++)
        {
            var port = FindFreePort(listen.Address);
            try
            {
                return StartOn(new IPEndPoint(listen.Address, port), store, logger);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < PortAttempts)
            {
                Log.PortTaken(logger, port);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _server.Stop();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            // Right after Start(), Stop() throws this from waiting on accept loops that never ran, before it closes
            // the sockets; they are closed below.
        }
        catch (Exception ex) when (ex is InvalidOperationException or SocketException or AggregateException)
        {
            Log.ServerStopFailed(_logger, EndPoint, ex);
        }
        finally
        {
            CloseTransports();
        }

        Log.ServerStopped(_logger, EndPoint);
    }

    /// <summary>Builds the answer to <paramref name="query"/>; never throws for a query it does not like.</summary>
    private DnsMessageBase Answer(DnsMessageBase query)
    {
        if (query is not DnsMessage message)
        {
            // ARSoft parses only UPDATE into another type: this server takes no updates.
            return query is DnsUpdateMessage update
                ? WithReturnCode(update.CreateResponseInstance(), ReturnCode.NotImplemented)
                : throw new NotSupportedException($"unexpected DNS message type {query.GetType().Name}");
        }

        var response = message.CreateResponseInstance();
        response.IsRecursionAllowed = false;
        if (message.EDnsOptions is { } edns)
        {
            // A fresh OPT record: options the client sent (cookies, NSID) are not echoed unless understood (RFC 6891 §6.1.2).
            response.EDnsOptions = new OptRecord(Math.Clamp(edns.UdpPayloadSize, (ushort)512, MaxUdpPayload));
            if (edns.Version != 0)
            {
                return WithReturnCode(response, ReturnCode.BadVersion);
            }
        }

        if (!message.IsQuery)
        {
            // ARSoft answers every message it receives, so a stray response cannot simply be dropped.
            return WithReturnCode(response, ReturnCode.FormatError);
        }

        if (message.OperationCode != OperationCode.Query)
        {
            return WithReturnCode(response, ReturnCode.NotImplemented);
        }

        if (message.Questions.Count != 1)
        {
            return WithReturnCode(response, ReturnCode.FormatError);
        }

        var question = message.Questions[0];
        if (question.RecordClass is not (RecordClass.INet or RecordClass.Any) || !TryLocate(question.Name, out var zone, out var name))
        {
            // Not ours: no AA, no records (RFC 1034 §4.3.2 leaves this to the server; authoritative-only servers refuse).
            return WithReturnCode(response, ReturnCode.Refused);
        }

        response.IsAuthoritiveAnswer = true;
        var snapshot = _store.Read(zone, name);
        AddAnswers(response, question, zone, name, snapshot);
        if (response.AnswerRecords.Count == 0)
        {
            // NODATA for a name that exists (also an empty non-terminal, RFC 8020), NXDOMAIN otherwise; both with the SOA.
            response.ReturnCode = snapshot.Exists ? ReturnCode.NoError : ReturnCode.NxDomain;
            response.AuthorityRecords.Add(Soa(_zoneNames[zone].Apex, NegativeSoaTtl, zone, snapshot.Serial));
        }

        return response;
    }

    private static DnsMessageBase WithReturnCode(DnsMessageBase response, ReturnCode code)
    {
        response.ReturnCode = code;
        return response;
    }

    private static int FindFreePort(IPAddress address)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static EmbeddedDnsServer StartOn(IPEndPoint endPoint, EmbeddedZoneStore store, ILogger logger)
    {
        var server = new EmbeddedDnsServer(endPoint, store, logger);
        try
        {
            server._server.Start();
        }
        catch
        {
            // Start() binds one transport after the other: release whichever it bound.
            server.CloseTransports();
            throw;
        }

        return server;
    }

    private static DnsName MailboxOf(DnsName zone) =>
        DnsName.TryParse("hostmaster." + zone.Value, out var mailbox) ? mailbox : zone;

    private static DomainName ToDomainName(DnsName name) => DomainName.Parse(name.Value);

    /// <summary>Whether a received label could be a label of a <see cref="DnsName"/>; others (with dots, spaces,
    /// binary) cannot occur in any stored name.</summary>
    private static bool IsPlainLabel(string label) =>
        label.Length is > 0 and <= 63 && label.All(c => c is > ' ' and <= '~' and not '\\' and not '.');

    /// <summary>Finds the served zone of <paramref name="questionName"/> and the name as a <see cref="DnsName"/>,
    /// which is <see langword="null"/> when it has a label that no stored name can have.</summary>
    private bool TryLocate(DomainName questionName, out DnsName zone, out DnsName? name)
    {
        var labels = questionName.Labels;
        var start = labels.Length;
        while (start > 0 && IsPlainLabel(labels[start - 1]))
        {
            start--;
        }

        for (; start < labels.Length; start++)
        {
            if (DnsName.TryParse(string.Join('.', labels[start..]) + ".", out var tail))
            {
                name = start == 0 ? tail : null;
                return _store.TryFindZone(tail, out zone);
            }
        }

        name = null;
        zone = default;
        return false;
    }

    private void AddAnswers(DnsMessage response, DnsQuestion question, DnsName zone, DnsName? name, EmbeddedZoneStore.Snapshot snapshot)
    {
        // Owner names are the question's, so the client sees the case it asked in.
        var owner = question.Name;
        var type = question.RecordType;
        var any = type == RecordType.Any;

        if (name == zone)
        {
            if (type == RecordType.Soa || any)
            {
                response.AnswerRecords.Add(Soa(owner, SoaTtl, zone, snapshot.Serial));
            }

            if (type == RecordType.Ns || any)
            {
                response.AnswerRecords.Add(new NsRecord(owner, NsTtl, _nameServer));
                if (_nameServerZone is not null)
                {
                    AddAddresses(response.AdditionalRecords, _nameServer, RecordType.Any);
                }
            }
        }

        if (name == _store.NameServer && _nameServerZone == zone)
        {
            AddAddresses(response.AnswerRecords, owner, type);
        }

        if ((type == RecordType.Txt || any) && snapshot.TxtValues.Length > 0)
        {
            foreach (var value in snapshot.TxtValues)
            {
                response.AnswerRecords.Add(new TxtRecord(owner, snapshot.TxtTtl, Split(value)));
            }
        }
    }

    private void AddAddresses(List<DnsRecordBase> section, DomainName owner, RecordType type)
    {
        var address = EndPoint.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            // Listening on every address: there is no one address to give out.
            return;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork && type is RecordType.A or RecordType.Any)
        {
            section.Add(new ARecord(owner, AddressTtl, address));
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && type is RecordType.Aaaa or RecordType.Any)
        {
            section.Add(new AaaaRecord(owner, AddressTtl, address));
        }
    }

    private SoaRecord Soa(DomainName owner, int ttl, DnsName zone, uint serial) =>
        new(owner, ttl, _nameServer, _zoneNames[zone].Mailbox, serial, SoaRefresh, SoaRetry, SoaExpire, SoaMinimum);

    /// <summary>Splits a value into character-strings of at most 255 octets (RFC 1035 §3.3.14); ARSoft would cut a
    /// longer one short. Values are ASCII, so characters are octets.</summary>
    private static List<string> Split(string value)
    {
        if (value.Length <= MaxCharacterString)
        {
            return [value];
        }

        var parts = new List<string>((value.Length + MaxCharacterString - 1) / MaxCharacterString);
        for (var i = 0; i < value.Length; i += MaxCharacterString)
        {
            parts.Add(value.Substring(i, Math.Min(MaxCharacterString, value.Length - i)));
        }

        return parts;
    }

    private Task OnQueryReceivedAsync(object sender, QueryReceivedEventArgs e)
    {
        try
        {
            e.Response = Answer(e.Query);
            if (_logger.IsEnabled(LogLevel.Trace) && e.Query is DnsMessage { Questions: [var question] })
            {
                Log.QueryAnswered(_logger, question.Name.ToString(), question.RecordType.ToString(), e.TransportProtocol.ToString(), e.Response.ReturnCode.ToString());
            }
        }
        catch (Exception ex)
        {
            // Whatever broke, log it here and leave the response null: ARSoft then sends SERVFAIL.
            e.Response = null;
            Log.QueryFailed(_logger, e.RemoteEndpoint, ex);
        }

        return Task.CompletedTask;
    }

    private Task OnExceptionThrownAsync(object sender, ExceptionEventArgs e)
    {
        Log.ServerError(_logger, e.Exception);
        return Task.CompletedTask;
    }

    private void CloseTransports()
    {
        foreach (var transport in _transports)
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
}

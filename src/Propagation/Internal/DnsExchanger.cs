using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using Solvers.Abstractions;

namespace Solvers.Propagation.Internal;

/// <summary>Sends one question to one server: UDP with EDNS, then TCP when the answer is truncated or UDP fails.
/// Never caches, never retries the same transport, never throws for the network; only the caller's cancellation
/// throws.</summary>
internal sealed class DnsExchanger
{
    // The EDNS buffer size recommended since DNS flag day 2020: https://www.dnsflagday.net/2020/
    private const int EdnsBufferSize = 1232;

    private readonly LookupClient _client;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly DnsQueryOptions[] _options;

    public DnsExchanger(TimeSpan timeout, TimeProvider time)
    {
        _timeout = timeout;
        _time = time;

        // Every query names its server; this one is never used, and naming it stops DnsClient reading the system's.
        _client = new LookupClient(new LookupClientOptions(new NameServer(IPAddress.Loopback)) { AutoResolveNameServers = false, UseCache = false });
        _options = [Options(false, false), Options(false, true), Options(true, false), Options(true, true)];
    }

    /// <summary>Queries <paramref name="server"/>; <paramref name="recursion"/> sets the RD bit.</summary>
    /// <exception cref="OperationCanceledException"><see cref="QueryScope.Caller"/> was cancelled.</exception>
    public async Task<ExchangeResult> QueryAsync(IPEndPoint server, DnsName name, QueryType type, bool recursion, QueryScope scope)
    {
        var start = _time.GetTimestamp();
        if (scope.Round.IsCancellationRequested)
        {
            return Cancelled(scope);
        }

        NameServer[] servers = [new NameServer(server)];
        var question = new DnsQuestion(name.Value, type);
        string udpFailure;
        bool udpTimedOut;
        try
        {
            var udp = await _client.QueryServerAsync(servers, question, OptionsFor(recursion, tcp: false), scope.Round);
            if (!udp.Header.ResultTruncated)
            {
                return ExchangeResult.Answered(udp, "UDP", _time.GetElapsedTime(start));
            }

            (udpFailure, udpTimedOut) = ("answer truncated", false);
        }
        catch (Exception ex) when (IsExchangeFailure(ex))
        {
            if (scope.Round.IsCancellationRequested)
            {
                return Cancelled(scope);
            }

            (udpFailure, udpTimedOut) = Describe(ex);
        }

        try
        {
            var tcp = await _client.QueryServerAsync(servers, question, OptionsFor(recursion, tcp: true), scope.Round);
            return ExchangeResult.Answered(tcp, $"TCP (UDP {udpFailure})", _time.GetElapsedTime(start));
        }
        catch (Exception ex) when (IsExchangeFailure(ex))
        {
            if (scope.Round.IsCancellationRequested)
            {
                return Cancelled(scope);
            }

            var (tcpFailure, tcpTimedOut) = Describe(ex);
            var message = udpTimedOut && tcpTimedOut
                ? $"no answer over UDP nor TCP within {Seconds(_timeout)}"
                : $"UDP {udpFailure}; TCP {tcpFailure}";
            return ExchangeResult.Failed(udpTimedOut || tcpTimedOut, message, _time.GetElapsedTime(start));
        }
    }

    internal static string Seconds(TimeSpan value) =>
        value.TotalSeconds >= 1 && value.TotalSeconds % 1 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0} ms");

    private static ExchangeResult Cancelled(QueryScope scope)
    {
        scope.Caller.ThrowIfCancellationRequested();
        return ExchangeResult.Failed(true, "no answer before the deadline", TimeSpan.Zero);
    }

    private static bool IsExchangeFailure(Exception ex) =>
        ex is DnsResponseException or SocketException or IOException or OperationCanceledException or TimeoutException;

    private (string Message, bool TimedOut) Describe(Exception ex)
    {
        if (ex is DnsResponseException { Code: DnsResponseCode.ConnectionTimeout } or TimeoutException or OperationCanceledException)
        {
            return ($"timed out after {Seconds(_timeout)}", true);
        }

        // DnsClient reports a truncated UDP answer (with its own fallback off) only through this message.
        if (ex is DnsResponseException && ex.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase))
        {
            return ("answer truncated", false);
        }

        var root = ex;
        while (root.InnerException is not null)
        {
            root = root.InnerException;
        }

        return root is SocketException socket
            ? ($"failed: {socket.SocketErrorCode}", false)
            : ($"failed: {root.Message}", false);
    }

    private DnsQueryOptions OptionsFor(bool recursion, bool tcp) => _options[(recursion ? 2 : 0) + (tcp ? 1 : 0)];

    private DnsQueryOptions Options(bool recursion, bool tcp) => new()
    {
        Recursion = recursion,
        UseCache = false,
        UseTcpOnly = tcp,
        UseTcpFallback = false,
        ExtendedDnsBufferSize = EdnsBufferSize,
        RequestDnsSecRecords = false,
        Timeout = _timeout,
        Retries = 0,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
        UseRandomNameServer = false,
        EnableAuditTrail = false,
    };
}

using DnsClient;

namespace Solvers.Propagation.Internal;

/// <summary>The outcome of one query to one server: a response (any response code), or why there was none.</summary>
internal sealed class ExchangeResult
{
    private ExchangeResult(IDnsQueryResponse? response, bool timedOut, string transport, string? failure, TimeSpan elapsed)
    {
        Response = response;
        TimedOut = timedOut;
        Transport = transport;
        Failure = failure;
        Elapsed = elapsed;
    }

    /// <summary>The response, whatever its code; <see langword="null"/> when none came.</summary>
    public IDnsQueryResponse? Response { get; }

    /// <summary>Whether no response came because of a timeout (or the deadline) rather than another error.</summary>
    public bool TimedOut { get; }

    /// <summary><c>UDP</c>, or <c>TCP</c> with the reason UDP was not enough.</summary>
    public string Transport { get; }

    /// <summary>Why there is no response, e.g. <c>no answer over UDP nor TCP within 2 s</c>.</summary>
    public string? Failure { get; }

    public TimeSpan Elapsed { get; }

    public DnsHeaderResponseCode? ResponseCode => Response?.Header.ResponseCode;

    public static ExchangeResult Answered(IDnsQueryResponse response, string transport, TimeSpan elapsed) =>
        new(response, false, transport, null, elapsed);

    public static ExchangeResult Failed(bool timedOut, string failure, TimeSpan elapsed) =>
        new(null, timedOut, string.Empty, failure, elapsed);
}

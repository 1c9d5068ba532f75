using System.Net;
using Microsoft.Extensions.Logging;

namespace Solvers.Providers.Embedded;

/// <summary>Log messages of the embedded solver. TXT values and config contents are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Embedded DNS server listening on {EndPoint} (UDP and TCP) for zones {Zones}")]
    public static partial void ServerStarted(ILogger logger, IPEndPoint endPoint, string zones);

    [LoggerMessage(2, LogLevel.Information, "Embedded DNS server on {EndPoint} stopped")]
    public static partial void ServerStopped(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(3, LogLevel.Warning, "Embedded DNS server on {EndPoint} did not stop cleanly")]
    public static partial void ServerStopFailed(ILogger logger, IPEndPoint endPoint, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "Port {Port} was taken between choosing and binding it; choosing another")]
    public static partial void PortTaken(ILogger logger, int port);

    [LoggerMessage(5, LogLevel.Debug, "Presented a TXT value at {Fqdn} in zone {Zone} (request {Uid}); {Count} value(s) there now")]
    public static partial void ValuePresented(ILogger logger, string fqdn, string zone, string uid, int count);

    [LoggerMessage(6, LogLevel.Debug, "The TXT value at {Fqdn} in zone {Zone} was present already (request {Uid})")]
    public static partial void ValueAlreadyPresent(ILogger logger, string fqdn, string zone, string uid);

    [LoggerMessage(7, LogLevel.Debug, "Removed a TXT value at {Fqdn} in zone {Zone} (request {Uid}); {Count} value(s) left there")]
    public static partial void ValueRemoved(ILogger logger, string fqdn, string zone, string uid, int count);

    [LoggerMessage(8, LogLevel.Debug, "The TXT value at {Fqdn} in zone {Zone} was absent already (request {Uid})")]
    public static partial void ValueAbsent(ILogger logger, string fqdn, string zone, string uid);

    [LoggerMessage(9, LogLevel.Trace, "Answered {Name} {Type} over {Transport} with {ReturnCode}")]
    public static partial void QueryAnswered(ILogger logger, string name, string type, string transport, string returnCode);

    [LoggerMessage(10, LogLevel.Error, "Answering a DNS query from {Remote} failed; sent SERVFAIL")]
    public static partial void QueryFailed(ILogger logger, IPEndPoint? remote, Exception exception);

    [LoggerMessage(11, LogLevel.Warning, "The embedded DNS server reported an error")]
    public static partial void ServerError(ILogger logger, Exception exception);
}

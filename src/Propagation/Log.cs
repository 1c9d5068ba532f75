using Microsoft.Extensions.Logging;
using Solvers.Abstractions;

namespace Solvers.Propagation;

/// <summary>The propagation checker's log messages. Never log the TXT value.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Propagation check {Attempt} of {Fqdn}: {Summary}")]
    public static partial void Checked(ILogger logger, int attempt, string fqdn, string summary);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "{Fqdn} propagated after {Attempts} checks in {ElapsedMs:0} ms: {Summary}")]
    public static partial void Propagated(ILogger logger, string fqdn, int attempts, double elapsedMs, string summary);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "{Fqdn} not propagated after {Attempts} checks in {ElapsedMs:0} ms (deadline {DeadlineSeconds} s): {Summary}")]
    public static partial void DeadlineReached(ILogger logger, string fqdn, int attempts, double elapsedMs, double deadlineSeconds, string summary);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "{Fqdn} is in zone {Zone}, nameservers {Nameservers}")]
    public static partial void ZoneFound(ILogger logger, string fqdn, string zone, IEnumerable<DnsName> nameservers);
}

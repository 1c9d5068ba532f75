using Microsoft.Extensions.Logging;

namespace Solvers.Providers.Rfc2136;

/// <summary>Log messages of the rfc2136 solver. TXT values, secrets and config contents are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Added a TXT value at {Fqdn} in zone {Zone} on {Server} (request {Uid})")]
    public static partial void ValueAdded(ILogger logger, string fqdn, string zone, string server, string uid);

    [LoggerMessage(2, LogLevel.Debug, "Deleted the TXT value at {Fqdn} in zone {Zone} on {Server}, if it was there (request {Uid})")]
    public static partial void ValueDeleted(ILogger logger, string fqdn, string zone, string server, string uid);
}

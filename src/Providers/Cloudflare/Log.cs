using Microsoft.Extensions.Logging;

namespace Solvers.Providers.Cloudflare;

/// <summary>Log messages of the cloudflare solver. Credentials, TXT values and config contents are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Zone {Zone} is Cloudflare zone {ZoneId} ({ZoneName}) (request {Uid})")]
    public static partial void ZoneResolved(ILogger logger, string zone, string zoneId, string zoneName, string uid);

    [LoggerMessage(2, LogLevel.Information, "Created a TXT record at {Fqdn} in Cloudflare zone {ZoneId} (request {Uid})")]
    public static partial void RecordCreated(ILogger logger, string fqdn, string zoneId, string uid);

    [LoggerMessage(3, LogLevel.Debug, "The TXT value at {Fqdn} in Cloudflare zone {ZoneId} was present already (request {Uid})")]
    public static partial void RecordAlreadyPresent(ILogger logger, string fqdn, string zoneId, string uid);

    [LoggerMessage(4, LogLevel.Information, "Deleted TXT record {RecordId} at {Fqdn} in Cloudflare zone {ZoneId} (request {Uid})")]
    public static partial void RecordDeleted(ILogger logger, string recordId, string fqdn, string zoneId, string uid);

    [LoggerMessage(5, LogLevel.Debug, "The TXT value at {Fqdn} in Cloudflare zone {ZoneId} was absent already (request {Uid})")]
    public static partial void RecordAbsent(ILogger logger, string fqdn, string zoneId, string uid);

    [LoggerMessage(6, LogLevel.Warning, "Cloudflare answered 429 to {Request} (request {Uid}); holding this credential's requests back for {RetryAfterSeconds} s")]
    public static partial void Throttled(ILogger logger, string uid, string request, double retryAfterSeconds);

    [LoggerMessage(7, LogLevel.Information, "{Request} failed ({Failure}), attempt {Attempt}; retrying in {DelayMs:0} ms (request {Uid})")]
    public static partial void Retrying(ILogger logger, string uid, string request, string failure, int attempt, double delayMs);

    [LoggerMessage(8, LogLevel.Warning, "The rate budget cannot serve {Request} for another {WaitSeconds:0.#} s, past the call's time budget (request {Uid})")]
    public static partial void BudgetExhausted(ILogger logger, string uid, string request, double waitSeconds);

    [LoggerMessage(9, LogLevel.Debug, "Zone {Zone} is not a Cloudflare zone visible to the credential; trying {Candidate} (request {Uid})")]
    public static partial void ZoneFallback(ILogger logger, string zone, string candidate, string uid);
}

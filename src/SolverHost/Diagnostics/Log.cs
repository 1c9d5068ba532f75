namespace Solvers.SolverHost.Diagnostics;

/// <summary>The host's log messages. Never log TXT values, config contents or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Action} succeeded: solver {Solver}, fqdn {Fqdn}, zone {Zone}, uid \"{Uid}\", {DurationMs:0.0} ms, audit id {AuditId}")]
    public static partial void ChallengeSucceeded(ILogger logger, string uid, string solver, string action, string fqdn, string zone, double durationMs, string auditId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "{Action} {Outcome}: solver {Solver}, fqdn {Fqdn}, zone {Zone}, uid \"{Uid}\", {DurationMs:0.0} ms, audit id {AuditId}: {Reason}")]
    public static partial void ChallengeFailed(ILogger logger, string uid, string solver, string action, string fqdn, string zone, string outcome, double durationMs, string auditId, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Solver {Solver} threw an unexpected exception during {Action}, audit id {AuditId}")]
    public static partial void ProviderCrashed(ILogger logger, Exception exception, string solver, string action, string auditId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Request rejected with {Code}: {Path}, audit id {AuditId}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, int code, string path, string auditId, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Solver {Solver} initialised")]
    public static partial void SolverInitialized(ILogger logger, string solver);

    [LoggerMessage(EventId = 11, Level = LogLevel.Critical, Message = "Solver {Solver} failed to initialise; stopping the host: {Reason}")]
    public static partial void SolverInitializationFailed(ILogger logger, Exception exception, string solver, string reason);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Shutting down: readiness is now false; in-flight requests will finish (delay {DelaySeconds}s before closing the listener)")]
    public static partial void ShutdownStarted(ILogger logger, double delaySeconds);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Serving certificate loaded from {CertFile}: subject {Subject}, expires {NotAfter:u}")]
    public static partial void ServingCertificateLoaded(ILogger logger, string certFile, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Serving certificate in {CertFile} could not be loaded; still serving the previous one: {Reason}")]
    public static partial void ServingCertificateReloadFailed(ILogger logger, string certFile, string reason);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "No --tls-cert-file given: serving a self-signed certificate for {Names} (SHA-256 {Thumbprint})")]
    public static partial void SelfSignedCertificate(ILogger logger, string names, string thumbprint);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Serving {Address} for API group {Group} with solvers {Solvers}")]
    public static partial void Serving(ILogger logger, string address, string group, string solvers);
}

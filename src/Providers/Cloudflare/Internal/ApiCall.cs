namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>One Present or CleanUp: its credential, the credential's budget and the time it must finish by.</summary>
internal sealed record ApiCall(Credential Credential, RateBudget Budget, DateTimeOffset Deadline, TimeSpan TimeBudget, string Uid, CancellationToken CancellationToken);

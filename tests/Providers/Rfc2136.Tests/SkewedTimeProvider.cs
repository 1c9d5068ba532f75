namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>The system clock, off by a fixed amount: a host whose clock is wrong.</summary>
internal sealed class SkewedTimeProvider(TimeSpan skew) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
}

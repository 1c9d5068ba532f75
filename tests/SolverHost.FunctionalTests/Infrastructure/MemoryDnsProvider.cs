using Solvers.Abstractions;

namespace Solvers.SolverHost.FunctionalTests.Infrastructure;

/// <summary>Config of the test providers.</summary>
public sealed record MemoryConfig
{
    public int Ttl { get; init; } = 60;

    public SecretKeyRef? TokenSecretRef { get; init; }
}

/// <summary>A provider that keeps TXT values in memory, so tests can see exactly what the host asked of it.</summary>
public sealed class MemoryDnsProvider : IDnsProvider<MemoryConfig>
{
    private readonly Dictionary<DnsName, List<string>> _records = [];

    public string Name => "memory";

    public List<DnsChallenge> Calls { get; } = [];

    public IReadOnlyList<string> ValuesAt(string fqdn)
    {
        lock (_records)
        {
            return _records.TryGetValue(DnsName.Parse(fqdn), out var values) ? [.. values] : [];
        }
    }

    public async Task PresentAsync(DnsChallenge challenge, MemoryConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(config);
        if (config.TokenSecretRef is { } secret)
        {
            _ = await challenge.Context.Secrets.ReadStringAsync(secret, cancellationToken);
        }

        lock (_records)
        {
            Calls.Add(challenge);
            if (!_records.TryGetValue(challenge.Fqdn, out var values))
            {
                _records[challenge.Fqdn] = values = [];
            }

            if (!values.Contains(challenge.Value))
            {
                values.Add(challenge.Value);
            }
        }
    }

    public Task CleanUpAsync(DnsChallenge challenge, MemoryConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        lock (_records)
        {
            Calls.Add(challenge);
            if (_records.TryGetValue(challenge.Fqdn, out var values))
            {
                values.Remove(challenge.Value);
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>A provider whose API refuses: every call fails with an actionable message.</summary>
public sealed class FailingDnsProvider : IDnsProvider<MemoryConfig>
{
    public string Name => "failing";

    public Task PresentAsync(DnsChallenge challenge, MemoryConfig config, CancellationToken cancellationToken) =>
        throw new DnsProviderException("zone example.com. not found; does the token have Zone:Read on it?");

    public Task CleanUpAsync(DnsChallenge challenge, MemoryConfig config, CancellationToken cancellationToken) =>
        throw new DnsProviderException("zone example.com. not found; does the token have Zone:Read on it?");
}

/// <summary>A provider that never finishes on its own; it only stops when cancelled, and says so.</summary>
public sealed class SlowDnsProvider : IDnsProvider<MemoryConfig>
{
    private int _cancelled;

    public string Name => "slow";

    public int CancelledCalls => Volatile.Read(ref _cancelled);

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task PresentAsync(DnsChallenge challenge, MemoryConfig config, CancellationToken cancellationToken) => WaitAsync(cancellationToken);

    public Task CleanUpAsync(DnsChallenge challenge, MemoryConfig config, CancellationToken cancellationToken) => WaitAsync(cancellationToken);

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        try
        {
            await Release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
    }
}

/// <summary>A provider with start-up work that completes only when the test says so.</summary>
public sealed class GatedInitDnsProvider : IDnsProvider<MemoryConfig>, IInitializableDnsProvider
{
    public string Name => "gated";

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task InitializeAsync(CancellationToken cancellationToken) => Gate.Task.WaitAsync(cancellationToken);

    public Task PresentAsync(DnsChallenge challenge, MemoryConfig config, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CleanUpAsync(DnsChallenge challenge, MemoryConfig config, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A provider that breaks with an exception no provider should throw, carrying something secret.</summary>
public sealed class CrashingDnsProvider : IDnsProvider<MemoryConfig>
{
    public string Name => "crashing";

    public Task PresentAsync(DnsChallenge challenge, MemoryConfig config, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("token=s3cr3t-value");

    public Task CleanUpAsync(DnsChallenge challenge, MemoryConfig config, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("token=s3cr3t-value");
}

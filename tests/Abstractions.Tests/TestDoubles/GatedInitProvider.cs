using Solvers.Abstractions.Tests.Configs;

namespace Solvers.Abstractions.Tests.TestDoubles;

/// <summary>A provider whose start-up work finishes only when <see cref="ReleaseInitialization"/> is called.</summary>
public sealed class GatedInitProvider : IDnsProvider<OptionalConfig>, IInitializableDnsProvider
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _initializationStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _initializeCalls;
    private int _presentCalls;
    private int _cleanUpCalls;
    private volatile bool _initialized;
    private volatile bool _calledBeforeInitialized;

    public string Name => "gated";

    public int InitializeCalls => Volatile.Read(ref _initializeCalls);

    public int PresentCalls => Volatile.Read(ref _presentCalls);

    public int CleanUpCalls => Volatile.Read(ref _cleanUpCalls);

    /// <summary>Completes when <see cref="InitializeAsync"/> has been entered the first time.</summary>
    public Task InitializationStarted => _initializationStarted.Task;

    /// <summary>Set when a Present or CleanUp ran before initialisation finished.</summary>
    public bool CalledBeforeInitialized => _calledBeforeInitialized;

    public void ReleaseInitialization() => _gate.TrySetResult();

    public void FailInitialization(Exception exception) => _gate.TrySetException(exception);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _initializeCalls);
        _initializationStarted.TrySetResult();
        await _gate.Task;
        _initialized = true;
    }

    public Task PresentAsync(DnsChallenge challenge, OptionalConfig config, CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            _calledBeforeInitialized = true;
        }

        Interlocked.Increment(ref _presentCalls);
        return Task.CompletedTask;
    }

    public Task CleanUpAsync(DnsChallenge challenge, OptionalConfig config, CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            _calledBeforeInitialized = true;
        }

        Interlocked.Increment(ref _cleanUpCalls);
        return Task.CompletedTask;
    }
}

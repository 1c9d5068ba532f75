using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Solvers.Propagation.Tests;

/// <summary>Keeps every message logged, and lets a test wait for one.</summary>
internal sealed class RecordingLogger : ILogger<PropagationChecker>
{
    private readonly ConcurrentQueue<(EventId Id, string Message)> _entries = new();
    private readonly SemaphoreSlim _logged = new(0);

    public IReadOnlyList<(EventId Id, string Message)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _entries.Enqueue((eventId, formatter(state, exception)));
        _logged.Release();
    }

    /// <summary>Waits until <paramref name="count"/> messages with <paramref name="eventId"/> were logged.</summary>
    public async Task WaitForAsync(int eventId, int count, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        while (Entries.Count(e => e.Id.Id == eventId) < count)
        {
            await _logged.WaitAsync(cts.Token);
        }
    }
}

using Microsoft.Extensions.Options;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Hosting;

namespace Solvers.SolverHost.Health;

/// <summary>On shutdown, turns readiness false first and keeps serving for <see cref="SolverHostOptions.ShutdownDelay"/>;
/// the server then stops accepting and lets in-flight requests finish.</summary>
internal sealed class ShutdownCoordinator(HealthState health, IOptions<SolverHostOptions> options, TimeProvider time, ILogger<ShutdownCoordinator> logger)
    : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        health.MarkShuttingDown();
        var delay = options.Value.ShutdownDelay;
        Log.ShutdownStarted(logger, delay.TotalSeconds);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

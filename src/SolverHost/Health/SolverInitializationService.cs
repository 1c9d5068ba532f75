using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Solving;

namespace Solvers.SolverHost.Health;

/// <summary>Initialises every solver after start-up, as the Go webhook's <c>solver-&lt;name&gt;-init</c> post-start
/// hooks do: readiness stays false until each is done, and a failure stops the host.</summary>
internal sealed class SolverInitializationService(
    SolverRegistry registry,
    HealthState health,
    IHostApplicationLifetime lifetime,
    ILogger<SolverInitializationService> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in registry.Names)
        {
            health.AddPending(HealthState.SolverInitCheck(name), "not finished");
        }

        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(registry.All.Select(async solver =>
        {
            try
            {
                await solver.InitializeAsync(stoppingToken).ConfigureAwait(false);
                health.Complete(HealthState.SolverInitCheck(solver.Name));
                Log.SolverInitialized(logger, solver.Name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Log.SolverInitializationFailed(logger, ex, solver.Name, ex.Message);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
            }
        }));
}

using Solvers.Abstractions;

namespace Solvers.SolverHost.Tests.TestDoubles;

/// <summary>A second solver type, so that duplicate-name errors can name two different types.</summary>
internal sealed class OtherFakeSolver(string name) : IDnsSolver
{
    public string Name => name;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PresentAsync(SolveRequest request, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CleanUpAsync(SolveRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
}

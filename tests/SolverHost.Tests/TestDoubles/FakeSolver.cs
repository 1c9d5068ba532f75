using Solvers.Abstractions;

namespace Solvers.SolverHost.Tests.TestDoubles;

/// <summary>An <see cref="IDnsSolver"/> whose Present and CleanUp run a delegate; records each request and token.</summary>
internal sealed class FakeSolver(string name, Func<SolveRequest, CancellationToken, Task>? behaviour = null) : IDnsSolver
{
    private readonly Func<SolveRequest, CancellationToken, Task> _behaviour = behaviour ?? ((_, _) => Task.CompletedTask);

    public string Name => name;

    public List<(string Action, SolveRequest Request, CancellationToken Token)> Calls { get; } = [];

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PresentAsync(SolveRequest request, CancellationToken cancellationToken)
    {
        Calls.Add(("Present", request, cancellationToken));
        return _behaviour(request, cancellationToken);
    }

    public Task CleanUpAsync(SolveRequest request, CancellationToken cancellationToken)
    {
        Calls.Add(("CleanUp", request, cancellationToken));
        return _behaviour(request, cancellationToken);
    }
}

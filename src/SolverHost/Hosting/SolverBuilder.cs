using Solvers.Abstractions;

namespace Solvers.SolverHost.Hosting;

/// <summary>The <see cref="ISolverBuilder"/> returned by <c>AddSolverHost</c>.</summary>
internal sealed class SolverBuilder(IServiceCollection services) : ISolverBuilder
{
    public IServiceCollection Services { get; } = services;
}

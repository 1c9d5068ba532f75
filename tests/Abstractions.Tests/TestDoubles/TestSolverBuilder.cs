using Microsoft.Extensions.DependencyInjection;

namespace Solvers.Abstractions.Tests.TestDoubles;

/// <summary>The smallest <see cref="ISolverBuilder"/>: just a service collection.</summary>
public sealed class TestSolverBuilder : ISolverBuilder
{
    public IServiceCollection Services { get; } = new ServiceCollection();
}

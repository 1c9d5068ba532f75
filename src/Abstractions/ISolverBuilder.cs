using Microsoft.Extensions.DependencyInjection;

namespace Solvers.Abstractions;

/// <summary>Registers providers with a solver host: <c>services.AddSolverHost(configuration).AddEmbeddedDns()</c>.</summary>
public interface ISolverBuilder
{
    /// <summary>The host's service collection.</summary>
    IServiceCollection Services { get; }
}

using Solvers.Abstractions;

namespace Solvers.SolverHost.Secrets;

/// <summary>Hands out secret readers bound to one namespace: a provider can only read the request's namespace.</summary>
internal interface ISecretSource
{
    ISecretReader ForNamespace(string resourceNamespace);
}

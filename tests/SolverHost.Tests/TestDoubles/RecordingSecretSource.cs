using Solvers.Abstractions;
using Solvers.SolverHost.Secrets;

namespace Solvers.SolverHost.Tests.TestDoubles;

/// <summary>An <see cref="ISecretSource"/> that remembers which namespaces it handed readers out for.</summary>
internal sealed class RecordingSecretSource : ISecretSource
{
    public List<string> Namespaces { get; } = [];

    public ISecretReader ForNamespace(string resourceNamespace)
    {
        Namespaces.Add(resourceNamespace);
        return new UnconfiguredSecretSource().ForNamespace(resourceNamespace);
    }
}

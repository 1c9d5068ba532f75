using Solvers.Abstractions;

namespace Solvers.SolverHost.Secrets;

/// <summary>Used when no secret source is configured: every read fails with a message that says how to configure one.</summary>
internal sealed class UnconfiguredSecretSource : ISecretSource
{
    public ISecretReader ForNamespace(string resourceNamespace) => new Reader(resourceNamespace);

    private sealed class Reader(string resourceNamespace) : ISecretReader
    {
        public string ResourceNamespace => resourceNamespace;

        public Task<ReadOnlyMemory<byte>> ReadAsync(SecretKeyRef reference, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(reference);
            throw new SecretNotFoundException(
                $"secret {resourceNamespace}/{reference.Name} key {reference.Key}: this host has no secret source; " +
                "start it with --secrets-dir=DIR holding DIR/NAMESPACE/NAME/KEY files");
        }
    }
}

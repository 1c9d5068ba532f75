namespace Solvers.Abstractions;

/// <summary>Reads secrets from the namespace of one request, and from nowhere else.</summary>
/// <remarks>Implementations are safe for concurrent calls. They throw <see cref="SecretNotFoundException"/> when the
/// Secret or its key does not exist, and never put a secret value in a message.</remarks>
public interface ISecretReader
{
    /// <summary>The namespace this reader is bound to, e.g. <c>cert-manager</c>.</summary>
    string ResourceNamespace { get; }

    /// <summary>Reads the decoded bytes of <paramref name="reference"/>.</summary>
    /// <exception cref="SecretNotFoundException">The Secret or the key does not exist, or may not be read.</exception>
    Task<ReadOnlyMemory<byte>> ReadAsync(SecretKeyRef reference, CancellationToken cancellationToken);
}

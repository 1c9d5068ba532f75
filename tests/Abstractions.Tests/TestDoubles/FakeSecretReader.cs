namespace Solvers.Abstractions.Tests.TestDoubles;

/// <summary>An in-memory <see cref="ISecretReader"/> keyed by (name, key).</summary>
public sealed class FakeSecretReader(string resourceNamespace = "cert-manager") : ISecretReader
{
    private readonly Dictionary<(string Name, string Key), byte[]> _values = [];

    public string ResourceNamespace => resourceNamespace;

    public FakeSecretReader With(string name, string key, byte[] value)
    {
        _values[(name, key)] = value;
        return this;
    }

    public Task<ReadOnlyMemory<byte>> ReadAsync(SecretKeyRef reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return _values.TryGetValue((reference.Name, reference.Key), out var value)
            ? Task.FromResult<ReadOnlyMemory<byte>>(value)
            : throw new SecretNotFoundException($"secret {resourceNamespace}/{reference.Name} key {reference.Key} not found");
    }
}

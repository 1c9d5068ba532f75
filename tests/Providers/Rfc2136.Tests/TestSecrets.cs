using System.Text;
using Solvers.Abstractions;

namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>Secrets of one namespace in memory, stored as Kubernetes would hand them over (decoded <c>data</c>).</summary>
internal sealed class TestSecrets(string resourceNamespace = "cert-manager") : ISecretReader
{
    private readonly Dictionary<(string Name, string Key), byte[]> _values = [];

    public string ResourceNamespace => resourceNamespace;

    public TestSecrets With(string name, string key, string value)
    {
        _values[(name, key)] = Encoding.UTF8.GetBytes(value);
        return this;
    }

    public Task<ReadOnlyMemory<byte>> ReadAsync(SecretKeyRef reference, CancellationToken cancellationToken)
    {
        return _values.TryGetValue((reference.Name, reference.Key), out var value)
            ? Task.FromResult<ReadOnlyMemory<byte>>(value)
            : throw new SecretNotFoundException($"secret {resourceNamespace}/{reference.Name} key {reference.Key}: not found");
    }
}

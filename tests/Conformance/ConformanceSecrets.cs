using System.Collections.Concurrent;
using System.Text;
using Solvers.Abstractions;

namespace Solvers.Conformance;

/// <summary>The secrets an in-process provider may read, as the host would serve them from the request's namespace.
/// Reading a Secret or key that was not added throws <see cref="SecretNotFoundException"/> naming it.</summary>
public sealed class ConformanceSecrets : ISecretReader
{
    private readonly ConcurrentDictionary<(string Name, string Key), byte[]> _secrets = new();

    /// <summary>Creates an empty set for <paramref name="resourceNamespace"/>.</summary>
    public ConformanceSecrets(string resourceNamespace = "solvers-conformance")
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceNamespace);
        ResourceNamespace = resourceNamespace;
    }

    /// <inheritdoc />
    public string ResourceNamespace { get; }

    /// <summary>The values added, so that the rules can check that no message contains one.</summary>
    public IEnumerable<string> Values => _secrets.Values.Select(v => Encoding.UTF8.GetString(v));

    /// <summary>Adds key <paramref name="key"/> of Secret <paramref name="name"/> with a UTF-8 <paramref name="value"/>.</summary>
    public ConformanceSecrets Add(string name, string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _secrets[(name, key)] = Encoding.UTF8.GetBytes(value);
        return this;
    }

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>> ReadAsync(SecretKeyRef reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        cancellationToken.ThrowIfCancellationRequested();
        if (_secrets.TryGetValue((reference.Name, reference.Key), out var value))
        {
            return Task.FromResult<ReadOnlyMemory<byte>>(value);
        }

        var secretExists = _secrets.Keys.Any(k => k.Name == reference.Name);
        throw new SecretNotFoundException(secretExists
            ? $"Secret {reference.Name} in namespace {ResourceNamespace} has no key {reference.Key}"
            : $"Secret {reference.Name} not found in namespace {ResourceNamespace}");
    }
}

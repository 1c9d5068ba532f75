using System.ComponentModel.DataAnnotations;
using Solvers.Abstractions;

namespace Solvers.Conformance.Tests.Reference;

/// <summary><c>webhook.config</c> of the reference provider: a token read from a Secret, as real providers have.</summary>
public sealed record InMemoryConfig
{
    /// <summary>The Secret key holding the API token; the provider refuses calls without the right one.</summary>
    public SecretKeyRef? TokenSecretRef { get; init; }

    /// <summary>TTL of the TXT record in seconds.</summary>
    [Range(1, 86_400)]
    public int Ttl { get; init; } = 60;
}

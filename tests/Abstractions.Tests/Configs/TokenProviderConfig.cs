using System.ComponentModel.DataAnnotations;

namespace Solvers.Abstractions.Tests.Configs;

/// <summary>Shaped like a real provider config: one required secret reference, a bounded TTL with a default,
/// an optional string and a string enum.</summary>
public sealed record TokenProviderConfig
{
    public required SecretKeyRef ApiTokenSecretRef { get; init; }

    [Range(1, 86_400)]
    public int Ttl { get; init; } = 60;

    public string? Endpoint { get; init; }

    public ProxyMode Proxy { get; init; } = ProxyMode.DnsOnly;
}

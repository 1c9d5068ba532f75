namespace Solvers.Abstractions.Tests.Configs;

/// <summary>A config with a nested object whose own annotations must be checked.</summary>
public sealed record NestedConfig
{
    public required SecretKeyRef ApiTokenSecretRef { get; init; }

    public NestedRecordSettings Record { get; init; } = new();
}

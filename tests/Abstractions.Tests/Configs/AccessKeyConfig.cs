namespace Solvers.Abstractions.Tests.Configs;

/// <summary>A Route53-like config with four required fields.</summary>
public sealed record AccessKeyConfig
{
    public required SecretKeyRef AccessKeyIdSecretRef { get; init; }

    public required SecretKeyRef SecretAccessKeySecretRef { get; init; }

    public required string Region { get; init; }

    public required string HostedZoneId { get; init; }
}

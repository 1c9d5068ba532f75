using System.ComponentModel.DataAnnotations;

namespace Solvers.Abstractions.Tests.Configs;

/// <summary>The nested part of <see cref="NestedConfig"/>.</summary>
public sealed record NestedRecordSettings
{
    [Range(1, 86_400)]
    public int Ttl { get; init; } = 60;
}

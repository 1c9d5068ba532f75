using System.ComponentModel.DataAnnotations;

namespace Solvers.Providers.Embedded;

/// <summary><c>webhook.config</c> for <c>solverName: embedded</c>; may be left out.</summary>
public sealed record EmbeddedConfig
{
    /// <summary>TTL of the TXT record in seconds.</summary>
    [Range(1, 86_400)]
    public int Ttl { get; init; } = 60;
}

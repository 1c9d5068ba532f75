using System.Text.Json;

namespace Solvers.Conformance;

/// <summary>A config that must be refused, and the field the failure message must name.</summary>
/// <param name="Config">The whole <c>webhook.config</c>, e.g. <c>{"ttl": -1}</c>.</param>
/// <param name="Field">The field, as the message must contain it, e.g. <c>ttl</c> or <c>$.ttl</c>; compared
/// case-insensitively.</param>
public sealed record BadConfig(JsonElement Config, string Field)
{
    /// <summary>Parses <paramref name="json"/> as the config.</summary>
    public static BadConfig Parse(string json, string field) => new(JsonElement.Parse(json), field);
}

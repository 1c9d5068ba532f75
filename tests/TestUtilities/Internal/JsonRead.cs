using System.Text.Json;

namespace Solvers.TestUtilities.Internal;

/// <summary>Reads request bodies already checked against the schema. Go's decoder keeps the last of duplicate
/// keys, so these helpers do too; <c>null</c> reads as absent.</summary>
internal static class JsonRead
{
    public static JsonElement? Property(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        JsonElement? found = null;
        foreach (var property in value.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.Ordinal))
            {
                found = property.Value;
            }
        }

        return found is { ValueKind: JsonValueKind.Null } ? null : found;
    }

    /// <summary>The string value, with <c>""</c> read as null (Go's zero value).</summary>
    public static string? String(JsonElement value, string name) =>
        Property(value, name) is { ValueKind: JsonValueKind.String } s && s.GetString() is { Length: > 0 } text ? text : null;

    public static IReadOnlyList<string> Strings(JsonElement value, string name) =>
        Property(value, name) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : string.Empty).ToList()
            : [];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> StringListMap(JsonElement value, string name)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Property(value, name) is { ValueKind: JsonValueKind.Object } map)
        {
            foreach (var entry in map.EnumerateObject())
            {
                result[entry.Name] = entry.Value.ValueKind == JsonValueKind.Array
                    ? entry.Value.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
                    : [];
            }
        }

        return result;
    }
}

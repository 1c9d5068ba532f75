using System.Text.Json;
using System.Text.Json.Nodes;

namespace Solvers.Conformance.Internal;

/// <summary>Finds secret references in a config: objects shaped like cert-manager's <c>SecretKeySelector</c>, with a
/// string <c>name</c> and a string <c>key</c>.</summary>
internal static class SecretReferences
{
    /// <summary>The JSON paths of every reference, e.g. <c>$.apiTokenSecretRef</c>.</summary>
    public static IReadOnlyList<string> Find(JsonElement config)
    {
        var paths = new List<string>();
        Walk(config, "$", paths);
        return paths;
    }

    /// <summary>A copy of <paramref name="config"/> with the reference at <paramref name="path"/> naming <paramref name="name"/>.</summary>
    public static JsonElement WithName(JsonElement config, string path, string name)
    {
        var root = JsonNode.Parse(config.GetRawText())!;
        var node = root;
        foreach (var segment in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = segment.EndsWith(']') && segment.IndexOf('[', StringComparison.Ordinal) is var open and >= 0
                ? (open == 0 ? node : node[segment[..open]]!)[int.Parse(segment[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!
                : node[segment]!;
        }

        node["name"] = name;
        return JsonSerializer.SerializeToElement(root);
    }

    private static void Walk(JsonElement element, string path, List<string> paths)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                && element.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
            {
                paths.Add(path);
                return;
            }

            foreach (var property in element.EnumerateObject())
            {
                Walk(property.Value, $"{path}.{property.Name}", paths);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, $"{path}[{i++}]", paths);
            }
        }
    }
}

using System.Text.Json.Nodes;

namespace Solvers.Deploy.Tests.Infrastructure;

/// <summary>The deploy/ manifests as rendered objects: the kustomize base and monitoring, and the Helm chart.</summary>
internal static class Manifests
{
    public const string ReleaseName = "solvers";
    public const string ReleaseNamespace = "solvers";

    public static string Kustomize => Repository.PathOf("deploy/kustomize");

    public static string KustomizeMonitoring => Repository.PathOf("deploy/kustomize/monitoring");

    public static string Chart => Repository.PathOf("deploy/helm/solvers");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<Tool.Result>>> _rendered = new(StringComparer.Ordinal);

    /// <summary><c>kubectl kustomize DIR</c>: its YAML text; fails the test with kubectl's message when it fails.
    /// Rendered once per test run (the files do not change while the tests run).</summary>
    public static async Task<string> KustomizeTextAsync(string directory)
    {
        var result = await _rendered.GetOrAdd(directory, d => new Lazy<Task<Tool.Result>>(() => Tool.RunAsync("kubectl", ["kustomize", d]))).Value;
        Assert.True(result.ExitCode == 0, result.Describe($"kubectl kustomize {directory}"));
        return result.Stdout;
    }

    public static async Task<List<JsonObject>> KustomizeAsync(string directory) => Yaml.Documents(await KustomizeTextAsync(directory));

    /// <summary>The base and the monitoring kustomizations together.</summary>
    public static async Task<List<JsonObject>> KustomizeAllAsync() =>
        [.. await KustomizeAsync(Kustomize), .. await KustomizeAsync(KustomizeMonitoring)];

    public static List<JsonObject> Helm(JsonObject? values = null) =>
        new ChartRenderer(Chart, ReleaseName, ReleaseNamespace, values).RenderObjects();

    public static string Key(JsonObject o) =>
        $"{o["apiVersion"]} {o["kind"]} {o["metadata"]?["namespace"]?.GetValue<string>() ?? "-"}/{o["metadata"]!["name"]}";

    public static JsonObject Single(IEnumerable<JsonObject> objects, string kind, string? name = null)
    {
        var matches = objects.Where(o => (string?)o["kind"] == kind && (name is null || (string?)o["metadata"]!["name"] == name)).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind}{(name is null ? string.Empty : " " + name)}, found {matches.Count}");
        return matches[0];
    }

    public static IEnumerable<JsonObject> OfKind(IEnumerable<JsonObject> objects, string kind) =>
        objects.Where(o => (string?)o["kind"] == kind);

    public static JsonObject Container(JsonObject deployment) =>
        (JsonObject)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;

    public static List<string> Args(JsonObject deployment) =>
        [.. Container(deployment)["args"]!.AsArray().Select(a => a!.GetValue<string>())];

    /// <summary>The value of <c>--name=value</c> among the container's args.</summary>
    public static string Flag(JsonObject deployment, string name)
    {
        var prefix = $"--{name}=";
        var values = Args(deployment).Where(a => a.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a[prefix.Length..]).ToList();
        Assert.True(values.Count == 1, $"expected --{name} once among the Deployment's args, found {values.Count}");
        return values[0];
    }

    public static List<string> Strings(JsonNode? array) => array is JsonArray a ? [.. a.Select(x => x!.GetValue<string>())] : [];

    /// <summary>Writes objects as one multi-document YAML file (JSON is YAML) for external validators.</summary>
    public static string WriteTemporary(IEnumerable<JsonObject> objects, string name)
    {
        var file = Path.Combine(Path.GetTempPath(), $"solvers-{name}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, string.Join("\n---\n", objects.Select(o => o.ToJsonString())) + "\n");
        return file;
    }
}

using System.Text.Json;

namespace Solvers.Deploy.Tests.Infrastructure;

/// <summary>Runs tests/Deploy.Tests/validate/validate.mjs (kubernetes-models, @kubernetes-models/cert-manager and
/// prometheus-operator, and the kube-apiserver's apiregistration OpenAPI). scripts/install-test-deps.sh installs its
/// packages with <c>npm ci</c>.</summary>
internal static class SchemaValidator
{
    public sealed record Verdict(string Kind, string? Name, bool Valid, List<string> Errors);

    public static async Task<(int ExitCode, List<Verdict> Verdicts, string Output)> ValidateAsync(params string[] files)
    {
        var directory = Repository.PathOf("tests/Deploy.Tests/validate");
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules", "kubernetes-models")),
            $"the schema packages are not installed: run scripts/install-test-deps.sh (npm ci in {directory})");
        var openapi = Path.Combine(AppContext.BaseDirectory, "ApiSpecs", "apis__apiregistration.k8s.io__v1_openapi.json");
        var result = await Tool.RunAsync("node", [Path.Combine(directory, "validate.mjs"), "--apiregistration-openapi", openapi, .. files], directory);
        var verdicts = new List<Verdict>();
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            verdicts.Add(new Verdict(
                root.TryGetProperty("kind", out var kind) ? kind.GetString() ?? "?" : "?",
                root.TryGetProperty("name", out var name) ? name.GetString() : null,
                root.TryGetProperty("valid", out var valid) && valid.GetBoolean(),
                [.. root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!)]));
        }

        return (result.ExitCode, verdicts, result.Stdout + result.Stderr);
    }
}

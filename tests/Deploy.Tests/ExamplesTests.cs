using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Solvers.Abstractions;
using Solvers.Deploy.Tests.Infrastructure;
using Solvers.Providers.Cloudflare;
using Solvers.Providers.Embedded;
using Solvers.Providers.Rfc2136;

namespace Solvers.Deploy.Tests;

/// <summary>The example ClusterIssuers in deploy/examples: one per provider, staging first, each config accepted by the
/// provider's config type, and each secret reference pointing at the Secret beside it, where the host may read it.</summary>
public sealed class ExamplesTests
{
    private static readonly Dictionary<string, Type> _configTypes = new(StringComparer.Ordinal)
    {
        ["embedded"] = typeof(EmbeddedConfig),
        ["rfc2136"] = typeof(Rfc2136Config),
        ["cloudflare"] = typeof(CloudflareConfig),
    };

    public static TheoryData<string> Solvers() => [.. _configTypes.Keys];

    [Fact]
    public void EveryProvider_HasAnExample()
    {
        var providers = Directory.GetDirectories(Repository.PathOf("src/Providers")).Select(d => Path.GetFileName(d).ToLowerInvariant()).Order(StringComparer.Ordinal);

        Assert.Equal(providers, _configTypes.Keys.Order(StringComparer.Ordinal));
        Assert.All(providers, p => Assert.True(File.Exists(ExampleFile(p)), $"{ExampleFile(p)} is missing"));
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void ConfigKeys_AreTheConfigTypesJsonProperties(string solver)
    {
        var config = WebhookConfig(Issuer(solver));

        var unknown = UnknownKeys(config, _configTypes[solver], "$").ToList();
        Assert.True(unknown.Count == 0, $"{ExampleFile(solver)}: not fields of {_configTypes[solver].Name}: {string.Join(", ", unknown)}");
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Config_BindsAndValidatesAsTheHostWill(string solver)
    {
        var config = WebhookConfig(Issuer(solver));

        var bind = typeof(SolverConfigBinder).GetMethod(nameof(SolverConfigBinder.Bind))!.MakeGenericMethod(_configTypes[solver]);
        using var document = JsonDocument.Parse(config.ToJsonString());
        var bound = bind.Invoke(null, [document.RootElement.Clone()]);
        Assert.NotNull(bound);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public async Task Issuer_StagingWithTheDeployedGroupAndSolver(string solver)
    {
        var group = Manifests.Flag(Manifests.Single(await Manifests.KustomizeAsync(Manifests.Kustomize), "Deployment"), "group-name");

        var issuer = Issuer(solver);
        Assert.Equal("https://acme-staging-v02.api.letsencrypt.org/directory", (string?)issuer["spec"]!["acme"]!["server"]);
        var webhook = issuer["spec"]!["acme"]!["solvers"]![0]!["dns01"]!["webhook"]!;
        Assert.Equal(group, (string?)webhook["groupName"]);
        Assert.Equal(solver, (string?)webhook["solverName"]);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public async Task SecretReferences_PointAtTheSecretBesideThemInAReadableNamespace(string solver)
    {
        var objects = Yaml.Documents(File.ReadAllText(ExampleFile(solver)));
        var readable = Manifests.OfKind(await Manifests.KustomizeAsync(Manifests.Kustomize), "Role")
            .Where(r => r["rules"]!.AsArray().Any(rule => Manifests.Strings(rule!["resources"]).Contains("secrets") && Manifests.Strings(rule["verbs"]).Contains("get")))
            .Select(r => (string)r["metadata"]!["namespace"]!).ToHashSet(StringComparer.Ordinal);

        foreach (var reference in SecretReferences(WebhookConfig(Issuer(solver))))
        {
            var name = (string)reference["name"]!;
            var secret = Manifests.OfKind(objects, "Secret").SingleOrDefault(s => (string?)s["metadata"]!["name"] == name);
            Assert.True(secret is not null, $"{ExampleFile(solver)} refers to Secret {name}, which it does not define");
            var secretNamespace = (string)secret["metadata"]!["namespace"]!;
            Assert.Contains(secretNamespace, readable);
            var keys = (secret["stringData"] as JsonObject ?? secret["data"] as JsonObject ?? []).Select(p => p.Key);
            Assert.Contains((string)reference["key"]!, keys);
        }
    }

    private static string ExampleFile(string solver) => Repository.PathOf($"deploy/examples/clusterissuer-{solver}.yaml");

    private static JsonObject Issuer(string solver) => Manifests.Single(Yaml.Documents(File.ReadAllText(ExampleFile(solver))), "ClusterIssuer");

    private static JsonObject WebhookConfig(JsonObject issuer) =>
        (JsonObject)issuer["spec"]!["acme"]!["solvers"]![0]!["dns01"]!["webhook"]!["config"]!;

    /// <summary>Keys of <paramref name="config"/> that are not JSON properties of <paramref name="type"/>, nested objects
    /// checked against their property types.</summary>
    private static IEnumerable<string> UnknownKeys(JsonObject config, Type type, string path)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        foreach (var (key, value) in config)
        {
            if (!properties.TryGetValue(key, out var property))
            {
                yield return $"{path}.{key}";
                continue;
            }

            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (value is JsonObject nested && propertyType.IsClass && propertyType != typeof(string))
            {
                foreach (var inner in UnknownKeys(nested, propertyType, $"{path}.{key}"))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<JsonObject> SecretReferences(JsonObject config) =>
        config.Where(p => p.Key.EndsWith("SecretRef", StringComparison.Ordinal) && p.Value is JsonObject).Select(p => (JsonObject)p.Value!);
}

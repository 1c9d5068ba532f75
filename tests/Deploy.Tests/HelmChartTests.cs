using System.Text.Json.Nodes;
using Solvers.Deploy.Tests.Infrastructure;

namespace Solvers.Deploy.Tests;

/// <summary>The Helm chart, rendered with its documented values, gives the same objects as the kustomize base (less
/// the Namespace, which <c>helm install --create-namespace</c> makes), and with monitoring enabled the same as base plus
/// monitoring.</summary>
public sealed class HelmChartTests
{
    [Fact]
    public async Task DefaultValues_RenderTheKustomizeBase()
    {
        var kustomize = (await Manifests.KustomizeAsync(Manifests.Kustomize)).Where(o => (string?)o["kind"] != "Namespace");

        AssertSameObjects(kustomize, Manifests.Helm());
    }

    [Fact]
    public async Task MonitoringEnabled_RendersBaseAndMonitoring()
    {
        var kustomize = (await Manifests.KustomizeAllAsync()).Where(o => (string?)o["kind"] != "Namespace");

        AssertSameObjects(kustomize, Manifests.Helm(new JsonObject { ["monitoring"] = new JsonObject { ["enabled"] = true } }));
    }

    [Fact]
    public void SecretNamespaces_EachGetsAGetOnlyRoleBoundToTheHost()
    {
        var objects = Manifests.Helm(new JsonObject { ["secretNamespaces"] = new JsonArray("cert-manager", "team-a") });

        var roles = Manifests.OfKind(objects, "Role").Where(r => (string?)r["metadata"]!["name"] == "solvers:secret-reader").ToList();
        Assert.Equal(["cert-manager", "team-a"], roles.Select(r => (string)r["metadata"]!["namespace"]!).Order(StringComparer.Ordinal));
        Assert.All(roles, r => Assert.Equal(["get"], Manifests.Strings(r["rules"]![0]!["verbs"])));
        var bindings = Manifests.OfKind(objects, "RoleBinding").Where(r => (string?)r["metadata"]!["name"] == "solvers:secret-reader").ToList();
        Assert.Equal(["cert-manager", "team-a"], bindings.Select(r => (string)r["metadata"]!["namespace"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GroupName_ChangesTheApiServiceTheFlagAndTheDomainSolverRole()
    {
        var objects = Manifests.Helm(new JsonObject { ["groupName"] = "acme.dns.example.org" });

        var apiService = Manifests.Single(objects, "APIService");
        Assert.Equal("v1alpha1.acme.dns.example.org", (string?)apiService["metadata"]!["name"]);
        Assert.Equal("acme.dns.example.org", (string?)apiService["spec"]!["group"]);
        Assert.Equal("acme.dns.example.org", Manifests.Flag(Manifests.Single(objects, "Deployment"), "group-name"));
        Assert.Equal(["acme.dns.example.org"], Manifests.Strings(Manifests.Single(objects, "ClusterRole", "solvers:domain-solver")["rules"]![0]!["apiGroups"]));
    }

    [Fact]
    public async Task DashboardFiles_KustomizeAndChartCarryTheSameDashboard()
    {
        var kustomize = await File.ReadAllTextAsync(Path.Combine(Manifests.KustomizeMonitoring, "solvers.json"), TestContext.Current.CancellationToken);
        var chart = await File.ReadAllTextAsync(Path.Combine(Manifests.Chart, "dashboards", "solvers.json"), TestContext.Current.CancellationToken);

        Assert.Equal(kustomize, chart);
    }

    private static void AssertSameObjects(IEnumerable<JsonObject> expected, IEnumerable<JsonObject> actual)
    {
        var want = expected.ToDictionary(Manifests.Key);
        var got = actual.ToDictionary(Manifests.Key);
        Assert.Equal(want.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in want)
        {
            Assert.True(JsonNode.DeepEquals(value, got[key]), $"{key} differs.\nkustomize: {value.ToJsonString()}\nhelm:      {got[key].ToJsonString()}");
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Solvers.Deploy.Tests.Infrastructure;
using Solvers.SolverHost.FunctionalTests.Infrastructure;

namespace Solvers.Deploy.Tests;

/// <summary>Every solver the shipped host serves (its discovery document, with the group the manifests give it) can be
/// called by cert-manager's ServiceAccount under the RBAC as rendered.</summary>
public sealed class RbacReachabilityTests
{
    [Theory]
    [InlineData("kustomize")]
    [InlineData("helm")]
    public async Task EveryServedSolver_CertManagerMayCreateIt(string rendering)
    {
        var objects = rendering == "helm" ? Manifests.Helm() : await Manifests.KustomizeAsync(Manifests.Kustomize);
        var group = Manifests.Flag(Manifests.Single(objects, "Deployment"), "group-name");

        var served = await ServedSolversAsync(group);

        Assert.NotEmpty(served);
        foreach (var (solver, verbs) in served)
        {
            Assert.Contains("create", verbs);
            Assert.True(Allows(objects, "cert-manager", "cert-manager", group, solver, "create"),
                $"cert-manager/cert-manager may not create {solver}.{group} under the rendered RBAC");
        }

        Assert.False(Allows(objects, "cert-manager", "cert-manager", "other.example.com", served[0].Name, "create"), "the RBAC allows a group the host does not serve");
        Assert.False(Allows(objects, "default", "default", group, served[0].Name, "create"), "the RBAC lets any ServiceAccount call the solvers");
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<List<(string Name, List<string> Verbs)>>>> _served = new(StringComparer.Ordinal);

    /// <summary>The shipped host's discovery document for <paramref name="group"/>, asked once per run.</summary>
    private static Task<List<(string Name, List<string> Verbs)>> ServedSolversAsync(string group) =>
        _served.GetOrAdd(group, g => new Lazy<Task<List<(string Name, List<string> Verbs)>>>(() => AskHostAsync(g))).Value;

    private static async Task<List<(string Name, List<string> Verbs)>> AskHostAsync(string group)
    {
        await using var host = await HostProcess.StartAsync(null, $"--group-name={group}");
        using var client = host.CreateClient();
        var list = await client.GetStringAsync(new Uri(host.BaseAddress, $"/apis/{group}/v1alpha1"), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(list);
        Assert.Equal($"{group}/v1alpha1", document.RootElement.GetProperty("groupVersion").GetString());
        return [.. document.RootElement.GetProperty("resources").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("verbs").EnumerateArray().Select(v => v.GetString()!).ToList()))];
    }

    /// <summary>Cluster-scoped RBAC evaluation: a ClusterRoleBinding binding the ServiceAccount to a ClusterRole with a
    /// rule that matches group, resource and verb (with <c>*</c> wildcards).</summary>
    private static bool Allows(List<JsonObject> objects, string accountNamespace, string account, string group, string resource, string verb)
    {
        var roles = Manifests.OfKind(objects, "ClusterRoleBinding")
            .Where(b => b["subjects"]!.AsArray().Any(s => (string?)s!["kind"] == "ServiceAccount" && (string?)s["name"] == account && (string?)s["namespace"] == accountNamespace))
            .Where(b => (string?)b["roleRef"]!["kind"] == "ClusterRole")
            .Select(b => (string)b["roleRef"]!["name"]!);
        return roles.Any(name => Manifests.OfKind(objects, "ClusterRole").Where(r => (string?)r["metadata"]!["name"] == name)
            .SelectMany(r => r["rules"]!.AsArray())
            .Any(rule => Matches(rule!["apiGroups"], group) && Matches(rule["resources"], resource) && Matches(rule["verbs"], verb)));
    }

    private static bool Matches(JsonNode? list, string value) => Manifests.Strings(list).Any(x => x == "*" || x == value);
}

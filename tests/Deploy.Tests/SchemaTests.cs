using System.Text.Json.Nodes;
using Solvers.Deploy.Tests.Infrastructure;

namespace Solvers.Deploy.Tests;

/// <summary>Every rendered object validates against its official schema, unknown fields included.</summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task RenderedObjects_KustomizeHelmAndExamples_AllValid()
    {
        var kustomize = Manifests.WriteTemporary(await Manifests.KustomizeAllAsync(), "kustomize");
        var helm = Manifests.WriteTemporary(Manifests.Helm(new JsonObject { ["monitoring"] = new JsonObject { ["enabled"] = true } }), "helm");
        string[] examples = [.. Directory.GetFiles(Repository.PathOf("deploy/examples"), "*.yaml").Order(StringComparer.Ordinal)];
        try
        {
            var (exitCode, verdicts, output) = await SchemaValidator.ValidateAsync([kustomize, helm, .. examples]);

            Assert.All(verdicts, v => Assert.True(v.Valid, $"{v.Kind} {v.Name}: {string.Join("; ", v.Errors)}"));
            Assert.True(exitCode == 0, output);
            Assert.Contains(verdicts, v => v.Kind == "APIService");
            Assert.Contains(verdicts, v => v.Kind == "ClusterIssuer");
            Assert.Contains(verdicts, v => v.Kind == "PrometheusRule");
        }
        finally
        {
            File.Delete(kustomize);
            File.Delete(helm);
        }
    }

    [Fact]
    public async Task Validator_MisspelledOrMistypedFields_AreReported()
    {
        var objects = await Manifests.KustomizeAsync(Manifests.Kustomize);
        var deployment = Manifests.Single(objects, "Deployment");
        var container = Manifests.Container(deployment);
        container["readinesProbe"] = container["readinessProbe"]!.DeepClone();
        container["ports"]![0]!["containerPort"] = "8443";
        var apiService = Manifests.Single(objects, "APIService");
        apiService["spec"]!["insecureSkipTLSVerfy"] = true;
        apiService["spec"]!.AsObject().Remove("groupPriorityMinimum");
        var file = Manifests.WriteTemporary([deployment, apiService], "broken");
        try
        {
            var (exitCode, verdicts, _) = await SchemaValidator.ValidateAsync(file);

            Assert.Equal(1, exitCode);
            var deploymentErrors = Assert.Single(verdicts, v => v.Kind == "Deployment").Errors;
            Assert.Contains(deploymentErrors, e => e.Contains("/readinesProbe is not a field", StringComparison.Ordinal));
            Assert.Contains(deploymentErrors, e => e.Contains("containerPort", StringComparison.Ordinal));
            var apiServiceErrors = Assert.Single(verdicts, v => v.Kind == "APIService").Errors;
            Assert.Contains(apiServiceErrors, e => e.Contains("/spec/insecureSkipTLSVerfy is not a field of APIService (kube-apiserver OpenAPI)", StringComparison.Ordinal));
            Assert.Contains(apiServiceErrors, e => e.Contains("groupPriorityMinimum", StringComparison.Ordinal) && e.Contains("kube-apiserver OpenAPI", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}

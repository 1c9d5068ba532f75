using Solvers.Deploy.Tests.Infrastructure;

namespace Solvers.Deploy.Tests;

public sealed class KustomizeTests
{
    [Fact]
    public async Task Base_Renders_EveryObjectTheInstallNeeds()
    {
        var objects = await Manifests.KustomizeAsync(Manifests.Kustomize);

        var kinds = objects.Select(o => (string)o["kind"]!).Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "APIService", "Certificate", "Certificate", "ClusterRole", "ClusterRoleBinding", "ClusterRoleBinding",
                "Deployment", "Issuer", "Issuer", "Namespace", "PodDisruptionBudget", "Role", "RoleBinding", "RoleBinding",
                "Service", "ServiceAccount",
            ],
            kinds);
    }

    [Fact]
    public async Task Monitoring_Renders_ServiceMonitorRulesDashboardAndScrapePermission()
    {
        var objects = await Manifests.KustomizeAsync(Manifests.KustomizeMonitoring);

        var kinds = objects.Select(o => (string)o["kind"]!).Order(StringComparer.Ordinal);
        Assert.Equal(["ClusterRole", "ClusterRoleBinding", "ConfigMap", "PrometheusRule", "ServiceMonitor"], kinds);
        Assert.Equal("1", (string?)Manifests.Single(objects, "ConfigMap")["metadata"]!["labels"]!["grafana_dashboard"]);
    }
}

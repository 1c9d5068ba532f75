using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Solvers.Deploy.Tests.Infrastructure;

namespace Solvers.Deploy.Tests;

/// <summary>Starts the host with the rendered Deployment's own args and environment, lets the fake kube-apiserver
/// authorize exactly what the rendered RBAC grants, and calls it as the cluster will: the kubelet's probes, cert-manager
/// through the aggregator's front proxy, and Prometheus with its ServiceAccount token.</summary>
public sealed class ClusterWiringTests(ClusterWiringTests.Fixture fixture) : IClassFixture<ClusterWiringTests.Fixture>
{
    private const string CertManager = "system:serviceaccount:cert-manager:cert-manager";

    [Theory]
    [InlineData("readinessProbe")]
    [InlineData("livenessProbe")]
    public async Task Probe_AsTheKubeletSendsIt_Succeeds(string probe)
    {
        var path = (string)Manifests.Container(fixture.Host.Deployment)[probe]!["httpGet"]!["path"]!;
        using var client = fixture.Host.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CertManagerThroughTheAggregator_MayCallEveryServedSolver()
    {
        var group = Manifests.Flag(fixture.Host.Deployment, "group-name");
        var solvers = await ServedSolversAsync(group);

        Assert.NotEmpty(solvers);
        foreach (var solver in solvers)
        {
            var (status, body) = await CallAsProxyAsync(group, solver, CertManager, ["system:serviceaccounts", "system:serviceaccounts:cert-manager", "system:authenticated"]);
            Assert.True(status == HttpStatusCode.Created, $"{solver}: {status} {body}");
            using var payload = JsonDocument.Parse(body);
            Assert.True(payload.RootElement.GetProperty("response").TryGetProperty("success", out _), body);
        }
    }

    [Fact]
    public async Task AnotherServiceAccountThroughTheAggregator_IsForbidden()
    {
        var group = Manifests.Flag(fixture.Host.Deployment, "group-name");
        var solver = (await ServedSolversAsync(group))[0];

        var (status, body) = await CallAsProxyAsync(group, solver, "system:serviceaccount:default:default", ["system:serviceaccounts", "system:authenticated"]);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains($"cannot create resource \\\"{solver}\\\" in API group \\\"{group}\\\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusServiceAccount_MayScrapeMetricsAndOthersMayNot()
    {
        var monitoring = await Manifests.KustomizeAsync(Manifests.KustomizeMonitoring);
        var subject = Manifests.Single(monitoring, "ClusterRoleBinding", "solvers:metrics-reader")["subjects"]![0]!;
        fixture.Host.Kube.AddToken("prometheus-token", $"system:serviceaccount:{subject["namespace"]}:{subject["name"]}", ["system:serviceaccounts", "system:authenticated"]);
        fixture.Host.Kube.AddToken("other-token", "system:serviceaccount:default:default", ["system:serviceaccounts", "system:authenticated"]);
        using var client = fixture.Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await GetWithTokenAsync(client, "/metrics", "prometheus-token"));
        Assert.Equal(HttpStatusCode.Forbidden, await GetWithTokenAsync(client, "/metrics", "other-token"));
    }

    private static async Task<HttpStatusCode> GetWithTokenAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private async Task<List<string>> ServedSolversAsync(string group)
    {
        using var client = fixture.Host.CreateClient(fixture.Host.FrontProxyClient);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/apis/{group}/v1alpha1");
        request.Headers.Add("X-Remote-User", "system:admin");
        request.Headers.Add("X-Remote-Group", "system:masters");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()!)];
    }

    private async Task<(HttpStatusCode Status, string Body)> CallAsProxyAsync(string group, string solver, string user, string[] groups)
    {
        using var client = fixture.Host.CreateClient(fixture.Host.FrontProxyClient);
        var payload = new JsonObject
        {
            ["request"] = new JsonObject
            {
                ["uid"] = string.Empty,
                ["action"] = "CleanUp",
                ["type"] = "dns-01",
                ["dnsName"] = "example.test",
                ["key"] = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0",
                ["resourceNamespace"] = "cert-manager",
                ["resolvedFQDN"] = "_acme-challenge.example.test.",
                ["resolvedZone"] = "example.test.",
                ["allowAmbientCredentials"] = false,
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apis/{group}/v1alpha1/{solver}")
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Remote-User", user);
        foreach (var g in groups)
        {
            request.Headers.Add("X-Remote-Group", g);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>One host for the class: kustomize base and monitoring rendered, the host started from them.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private DeployedHost? _host;

        public DeployedHost Host => _host ?? throw new InvalidOperationException("not started");

        public async ValueTask InitializeAsync() => _host = await DeployedHost.StartAsync(await Manifests.KustomizeAllAsync());

        public async ValueTask DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
    }
}

using System.Text.Json.Nodes;
using Solvers.Deploy.Tests.Infrastructure;

namespace Solvers.Deploy.Tests;

/// <summary>The rendered objects agree with each other: one group name, certificates that match the Service, mounts
/// that match the flags, probes on the host's health endpoints, and a locked-down pod.</summary>
public sealed class ConsistencyTests
{
    public static TheoryData<string> Renderings() => ["kustomize", "helm"];

    [Theory]
    [MemberData(nameof(Renderings))]
    public async Task GroupName_ApiServiceFlagAndDomainSolverRoleAgree(string rendering)
    {
        var objects = await RenderAsync(rendering);

        var group = Manifests.Flag(Manifests.Single(objects, "Deployment"), "group-name");
        var apiService = Manifests.Single(objects, "APIService");
        Assert.Equal(group, (string?)apiService["spec"]!["group"]);
        Assert.Equal("v1alpha1", (string?)apiService["spec"]!["version"]);
        Assert.Equal($"v1alpha1.{group}", (string?)apiService["metadata"]!["name"]);
        var rule = Assert.Single(Manifests.Single(objects, "ClusterRole", "solvers:domain-solver")["rules"]!.AsArray())!;
        Assert.Equal([group], Manifests.Strings(rule["apiGroups"]));
        Assert.Equal(["create"], Manifests.Strings(rule["verbs"]));
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public async Task ServingCertificate_CoversTheServiceTheApiServiceNames(string rendering)
    {
        var objects = await RenderAsync(rendering);

        var apiService = Manifests.Single(objects, "APIService");
        var serviceRef = apiService["spec"]!["service"]!;
        var service = Manifests.Single(objects, "Service", (string)serviceRef["name"]!);
        Assert.Equal((string?)serviceRef["namespace"], (string?)service["metadata"]!["namespace"]);
        Assert.Equal((long)serviceRef["port"]!, (long)service["spec"]!["ports"]![0]!["port"]!);

        var injectFrom = (string)apiService["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]!;
        var certificate = Manifests.Single(objects, "Certificate", injectFrom.Split('/')[1]);
        Assert.Equal(injectFrom.Split('/')[0], (string?)certificate["metadata"]!["namespace"]);
        Assert.Contains($"{serviceRef["name"]}.{serviceRef["namespace"]}.svc", Manifests.Strings(certificate["spec"]!["dnsNames"]));
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public async Task PkiChain_SelfSignedSignsTheCaWhichSignsTheServingCertificate(string rendering)
    {
        var objects = await RenderAsync(rendering);

        var serving = Manifests.Single(objects, "Certificate", "solvers-webhook-tls");
        var caIssuer = Manifests.Single(objects, "Issuer", (string)serving["spec"]!["issuerRef"]!["name"]!);
        var ca = Manifests.Single(objects, "Certificate", (string)caIssuer["spec"]!["ca"]!["secretName"]!);
        Assert.True((bool)ca["spec"]!["isCA"]!);
        Assert.Equal((string?)caIssuer["spec"]!["ca"]!["secretName"], (string?)ca["spec"]!["secretName"]);
        var selfSigned = Manifests.Single(objects, "Issuer", (string)ca["spec"]!["issuerRef"]!["name"]!);
        Assert.NotNull(selfSigned["spec"]!["selfSigned"]);
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public async Task ServingCertificate_MountedWholeSoRotationReachesTheHost(string rendering)
    {
        var objects = await RenderAsync(rendering);

        var deployment = Manifests.Single(objects, "Deployment");
        var secretName = (string)Manifests.Single(objects, "Certificate", "solvers-webhook-tls")["spec"]!["secretName"]!;
        var volume = deployment["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => (string?)v!["secret"]?["secretName"] == secretName)!;
        var mount = Manifests.Container(deployment)["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == (string?)volume["name"])!;
        Assert.Null(mount["subPath"]);
        var directory = ((string)mount["mountPath"]!).TrimEnd('/');
        Assert.Equal($"{directory}/tls.crt", Manifests.Flag(deployment, "tls-cert-file"));
        Assert.Equal($"{directory}/tls.key", Manifests.Flag(deployment, "tls-private-key-file"));
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public async Task Deployment_ServesOnThePortTheServiceTargetsWithProbesOnHealthEndpoints(string rendering)
    {
        var objects = await RenderAsync(rendering);

        var deployment = Manifests.Single(objects, "Deployment");
        var container = Manifests.Container(deployment);
        var port = container["ports"]!.AsArray().Single()!;
        Assert.Equal((string?)port["name"], (string?)Manifests.Single(objects, "Service")["spec"]!["ports"]![0]!["targetPort"]);
        Assert.Equal(((long)port["containerPort"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), Manifests.Flag(deployment, "secure-port"));
        Assert.Equal("0.0.0.0", Manifests.Flag(deployment, "bind-address"));
        foreach (var (probe, path) in new[] { ("readinessProbe", "/readyz"), ("livenessProbe", "/livez") })
        {
            var get = container[probe]!["httpGet"]!;
            Assert.Equal(path, (string?)get["path"]);
            Assert.Equal("HTTPS", (string?)get["scheme"]);
            Assert.Equal((string?)port["name"], (string?)get["port"]);
        }
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public async Task Deployment_HighlyAvailableAndLockedDown(string rendering)
    {
        var objects = await RenderAsync(rendering);

        var deployment = Manifests.Single(objects, "Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var labels = deployment["spec"]!["template"]!["metadata"]!["labels"]!;
        Assert.Equal(2L, (long)deployment["spec"]!["replicas"]!);
        Assert.Equal("solvers", (string?)pod["serviceAccountName"]);
        var pdb = Manifests.Single(objects, "PodDisruptionBudget");
        Assert.Equal(1L, (long)pdb["spec"]!["minAvailable"]!);
        Assert.True(JsonNode.DeepEquals(labels, pdb["spec"]!["selector"]!["matchLabels"]));
        Assert.True(JsonNode.DeepEquals(labels, Manifests.Single(objects, "Service")["spec"]!["selector"]));
        Assert.Contains(pod["topologySpreadConstraints"]!.AsArray(), c => (string?)c!["topologyKey"] == "kubernetes.io/hostname"
            && JsonNode.DeepEquals(c["labelSelector"]!["matchLabels"], labels));

        Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
        Assert.NotEqual(0L, (long)pod["securityContext"]!["runAsUser"]!);
        Assert.Equal("RuntimeDefault", (string?)pod["securityContext"]!["seccompProfile"]!["type"]);
        var security = Manifests.Container(deployment)["securityContext"]!;
        Assert.True((bool)security["readOnlyRootFilesystem"]!);
        Assert.False((bool)security["allowPrivilegeEscalation"]!);
        Assert.Equal(["ALL"], Manifests.Strings(security["capabilities"]!["drop"]));
        var resources = Manifests.Container(deployment)["resources"]!;
        Assert.NotNull(resources["requests"]!["cpu"]);
        Assert.NotNull(resources["requests"]!["memory"]);
        Assert.NotNull(resources["limits"]!["memory"]);
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public async Task HostRbac_DelegationAndAuthenticationReaderBoundToTheHostServiceAccount(string rendering)
    {
        var objects = await RenderAsync(rendering);

        var account = Manifests.Single(objects, "ServiceAccount");
        var subject = new JsonObject { ["kind"] = "ServiceAccount", ["name"] = account["metadata"]!["name"]!.DeepClone(), ["namespace"] = account["metadata"]!["namespace"]!.DeepClone() };
        var delegator = Manifests.OfKind(objects, "ClusterRoleBinding").Single(b => (string?)b["roleRef"]!["name"] == "system:auth-delegator");
        Assert.Contains(delegator["subjects"]!.AsArray(), s => JsonNode.DeepEquals(s, subject));
        var reader = Manifests.OfKind(objects, "RoleBinding").Single(b => (string?)b["roleRef"]!["name"] == "extension-apiserver-authentication-reader");
        Assert.Equal("kube-system", (string?)reader["metadata"]!["namespace"]);
        Assert.Equal("Role", (string?)reader["roleRef"]!["kind"]);
        Assert.Contains(reader["subjects"]!.AsArray(), s => JsonNode.DeepEquals(s, subject));
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public async Task SecretRbac_GetOnlyAndOnlyInTheSecretNamespaces(string rendering)
    {
        var objects = await RenderAsync(rendering);

        var secretRules = objects.Where(o => (string?)o["kind"] is "Role" or "ClusterRole")
            .SelectMany(r => r["rules"]!.AsArray().Select(rule => (Role: r, Rule: rule!)))
            .Where(x => Manifests.Strings(x.Rule["resources"]).Contains("secrets"))
            .ToList();
        var (role, rule) = Assert.Single(secretRules);
        Assert.Equal("Role", (string?)role["kind"]);
        Assert.Equal("cert-manager", (string?)role["metadata"]!["namespace"]);
        Assert.Equal(["get"], Manifests.Strings(rule["verbs"]));
        Assert.Equal([string.Empty], Manifests.Strings(rule["apiGroups"]));
    }

    [Fact]
    public async Task ServiceMonitor_ScrapesTheServicePortAndVerifiesTheServingCertificate()
    {
        var objects = await Manifests.KustomizeAllAsync();

        var monitor = Manifests.Single(objects, "ServiceMonitor");
        var service = Manifests.Single(objects, "Service");
        Assert.True(JsonNode.DeepEquals(service["metadata"]!["labels"], monitor["spec"]!["selector"]!["matchLabels"]));
        var endpoint = monitor["spec"]!["endpoints"]![0]!;
        Assert.Equal((string?)service["spec"]!["ports"]![0]!["name"], (string?)endpoint["port"]);
        Assert.Equal("/metrics", (string?)endpoint["path"]);
        Assert.Equal($"{service["metadata"]!["name"]}.{service["metadata"]!["namespace"]}.svc", (string?)endpoint["tlsConfig"]!["serverName"]);
        Assert.Equal((string?)Manifests.Single(objects, "Certificate", "solvers-webhook-tls")["spec"]!["secretName"], (string?)endpoint["tlsConfig"]!["ca"]!["secret"]!["name"]);
        var reader = Manifests.Single(objects, "ClusterRole", "solvers:metrics-reader");
        Assert.Equal(["/metrics"], Manifests.Strings(reader["rules"]![0]!["nonResourceURLs"]));
        Assert.Equal(["get"], Manifests.Strings(reader["rules"]![0]!["verbs"]));
    }

    private static async Task<List<JsonObject>> RenderAsync(string rendering) => rendering == "helm"
        ? Manifests.Helm(new JsonObject { ["monitoring"] = new JsonObject { ["enabled"] = true } })
        : await Manifests.KustomizeAllAsync();
}

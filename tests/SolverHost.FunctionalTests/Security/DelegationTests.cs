using System.Text;
using Solvers.SolverHost.FunctionalTests.Infrastructure;
using Solvers.TestUtilities;

namespace Solvers.SolverHost.FunctionalTests.Security;

/// <summary>What the host takes from the kube-apiserver: the front-proxy CA from the watched
/// extension-apiserver-authentication ConfigMap, and Secrets from the request's namespace only.</summary>
public sealed class DelegationTests : IClassFixture<SecurityPki>
{
    private const string Group = InProcessHost.Group;
    private const string Planted = "planted-s3cret-8f2c1e";
    private readonly SecurityPki _pki;

    public DelegationTests(SecurityPki pki) => _pki = pki;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FrontProxyCa_RotatedInConfigMap_AppliesWithoutRestart()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        SetAuthenticationConfigMap(kube, _pki.FrontProxyCa);
        await using var host = await StartHostAsync(kube);
        var rotatedCa = TestCertificates.CreateCa("front-proxy-ca-2");
        var rotatedProxy = TestCertificates.CreateClientCertificate(rotatedCa, SecurityPki.FrontProxyName);

        Assert.Equal(201, await PresentAsProxyAsync(host, _pki.FrontProxy));
        Assert.Equal(401, await PresentAsProxyAsync(host, rotatedProxy));

        SetAuthenticationConfigMap(kube, rotatedCa);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await PresentAsProxyAsync(host, rotatedProxy) != 201)
        {
            Assert.True(DateTime.UtcNow < deadline, "the rotated front-proxy CA was not picked up within 15 s");
            await Task.Delay(100, Ct);
        }

        Assert.Equal(401, await PresentAsProxyAsync(host, _pki.FrontProxy));
        Assert.Contains(kube.CallsTo("/api/v1/namespaces/kube-system/configmaps"), c => c.QueryValue("watch") == "true");
    }

    [Fact]
    public async Task ConfigMapLookup_WhenItCannotBeRead_StopsStartWithAClearMessage()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartHostAsync(kube));

        Assert.Contains("cannot read ConfigMap kube-system/extension-apiserver-authentication", error.Message, StringComparison.Ordinal);
        Assert.Contains("extension-apiserver-authentication-reader", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigMapLookup_WhenToleratedAndMissing_StartsAndRefusesProxies()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        await using var host = await StartHostAsync(kube, "--authentication-tolerate-lookup-failure");

        Assert.Equal(401, await PresentAsProxyAsync(host, _pki.FrontProxy));
    }

    [Fact]
    public async Task KubeApiServerCertificate_ForAnotherHostName_IsNotTrusted()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(new FakeKubeApiServerOptions { ServingCertificateNames = ["kubernetes.default.svc"] }, Ct);
        SetAuthenticationConfigMap(kube, _pki.FrontProxyCa);

        // The chain is fine but the name is not: the lookup must fail, not trust a man in the middle.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartHostAsync(kube));

        Assert.Contains("cannot read ConfigMap", error.Message, StringComparison.Ordinal);
        Assert.Empty(kube.Calls);
    }

    [Fact]
    public async Task Secrets_FromKubernetes_AreReadOnlyFromTheRequestNamespace()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        SetAuthenticationConfigMap(kube, _pki.FrontProxyCa);
        kube.SetSecret("cert-manager", "dns-token", new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes(Planted) });
        kube.SetSecret("team-b", "dns-token", new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes(Planted) });
        kube.ForbidSecretsIn("locked");
        var logs = new CapturingLoggerProvider();
        await using var host = await StartHostAsync(kube, logs);
        const string config = """{"tokenSecretRef":{"name":"dns-token","key":"token"}}""";

        var ok = await SolveAsync(host, config, "cert-manager");
        var absent = await SolveAsync(host, config, "team-a");
        var wrongKey = await SolveAsync(host, """{"tokenSecretRef":{"name":"dns-token","key":"api-key"}}""", "cert-manager");
        var forbidden = await SolveAsync(host, config, "locked");
        var traversal = await SolveAsync(host, config, "../team-b");

        Assert.True(ok.Success, ok.Message);
        Assert.Equal("memory: secret team-a/dns-token key token: Secret dns-token not found in namespace team-a", absent.Message);
        Assert.Equal("memory: secret cert-manager/dns-token key api-key: Secret dns-token has no key api-key", wrongKey.Message);
        Assert.Equal("memory: secret locked/dns-token key token: the solver host may not read Secrets in namespace locked; grant its service account get on secrets there", forbidden.Message);
        Assert.Equal("memory: secret ../team-b/dns-token key token: \"../team-b\" (request.resourceNamespace) is not a valid namespace name", traversal.Message);
        var secretReads = kube.CallsTo("/api/v1/namespaces/").Where(c => c.Path.Contains("/secrets/", StringComparison.Ordinal)).Select(c => c.Path).Distinct().Order();
        Assert.Equal(
            ["/api/v1/namespaces/cert-manager/secrets/dns-token", "/api/v1/namespaces/locked/secrets/dns-token", "/api/v1/namespaces/team-a/secrets/dns-token"],
            secretReads);
        await AssertNowhereAsync(Planted, logs, host, [ok.Message, absent.Message, wrongKey.Message, forbidden.Message, traversal.Message]);
    }

    [Fact]
    public async Task Secrets_FromSecretsDir_NeverReachLogsMetricsOrMessages()
    {
        var dir = Directory.CreateTempSubdirectory("solvers-secrets-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "cert-manager", "dns-token"));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "cert-manager", "dns-token", "token"), Planted, Ct);
            var logs = new CapturingLoggerProvider();
            await using var host = await InProcessHost.StartAsync(logs, $"--secrets-dir={dir.FullName}");
            using var client = host.CreateClient();

            var ok = await Payloads.SolveAsync(client, Group, "memory",
                Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", "value-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", """{"tokenSecretRef":{"name":"dns-token","key":"token"}}"""), Ct);
            var crashed = await Payloads.SolveAsync(client, Group, "crashing",
                Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", "value-ffffffffffffffffffffffffffffffffffff", """{"tokenSecretRef":{"name":"dns-token","key":"token"}}"""), Ct);

            Assert.True(ok.Success, ok.Message);
            Assert.False(crashed.Success);
            await AssertNowhereAsync(Planted, logs, host, [ok.Message, crashed.Message]);

            // The crashing provider's exception says "token=s3cr3t-value": it may reach the log, never the answer.
            Assert.DoesNotContain("s3cr3t-value", crashed.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task AssertNowhereAsync(string secret, CapturingLoggerProvider logs, InProcessHost host, IEnumerable<string?> messages)
    {
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m?.Contains(secret, StringComparison.Ordinal) == true);
        var metrics = (Diagnostics.SolverMetrics)host.App.Services.GetService(typeof(Diagnostics.SolverMetrics))!;
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, Ct);
        Assert.DoesNotContain(secret, Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    private static void SetAuthenticationConfigMap(FakeKubeApiServer kube, System.Security.Cryptography.X509Certificates.X509Certificate2 frontProxyCa) =>
        kube.SetExtensionApiserverAuthentication(
            clientCaPem: null,
            requestHeaderCaPem: frontProxyCa.ToPem(),
            allowedNames: [SecurityPki.FrontProxyName],
            usernameHeaders: ["X-Remote-User"],
            groupHeaders: ["X-Remote-Group"],
            extraPrefixes: ["X-Remote-Extra-"]);

    private async Task<int> PresentAsProxyAsync(InProcessHost host, System.Security.Cryptography.X509Certificates.X509Certificate2 proxyCertificate)
    {
        using var client = TestClients.Create(_pki.ServingTrust, proxyCertificate);
        client.BaseAddress = host.BaseAddress;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apis/{Group}/v1alpha1/memory")
        {
            Content = Payloads.Content(Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", "rotation-value-gggggggggggggggggggggggggggg")),
        };
        request.Headers.Add("X-Remote-User", "system:admin");
        request.Headers.Add("X-Remote-Group", "system:masters");
        using var response = await client.SendAsync(request, Ct);
        return (int)response.StatusCode;
    }

    private async Task<(bool Success, string? Message)> SolveAsync(InProcessHost host, string config, string resourceNamespace)
    {
        using var client = TestClients.Create(_pki.ServingTrust, _pki.Admin);
        client.BaseAddress = host.BaseAddress;
        return await Payloads.SolveAsync(client, Group, "memory",
            Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", "secret-value-hhhhhhhhhhhhhhhhhhhhhhhhhhhhhh", config, resourceNamespace), Ct);
    }

    private Task<InProcessHost> StartHostAsync(FakeKubeApiServer kube, params string[] more) => StartHostAsync(kube, null, more);

    private Task<InProcessHost> StartHostAsync(FakeKubeApiServer kube, CapturingLoggerProvider? logs, params string[] more)
    {
        var kubeconfig = _pki.NewFile("kubeconfig");
        kube.WriteKubeconfig(kubeconfig);
        string[] args =
        [
            $"--tls-cert-file={_pki.Serving.CertificateFile}",
            $"--tls-private-key-file={_pki.Serving.KeyFile}",
            $"--client-ca-file={_pki.ClientCaFile}",
            $"--kubeconfig={kubeconfig}",
            .. more,
        ];
        return InProcessHost.StartAsync(logs, args);
    }
}

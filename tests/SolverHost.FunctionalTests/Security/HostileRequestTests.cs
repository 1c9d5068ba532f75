using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Solvers.SolverHost.FunctionalTests.Infrastructure;
using Solvers.TestUtilities;

namespace Solvers.SolverHost.FunctionalTests.Security;

/// <summary>Hostile or broken requests against a host configured as in a cluster (front-proxy and client CAs, a
/// kube-apiserver for TokenReview and SubjectAccessReview): each gets its status and a Kubernetes Status that says
/// why, and no provider is ever called.</summary>
public sealed class HostileRequestTests : IClassFixture<SecurityPki>
{
    private const string Group = InProcessHost.Group;
    private const string SolverPath = $"/apis/{Group}/v1alpha1/memory";

    private static readonly Dictionary<string, HostileCase> _cases = new HostileCase[]
    {
        new("no credentials at all", null, [], 401, "Unauthorized"),
        new("X-Remote-User without a client certificate", null, [("X-Remote-User", "system:admin"), ("X-Remote-Group", "system:masters")], 401, "Unauthorized"),
        new("X-Remote-Extra without a client certificate", null, [("X-Remote-User", "a"), ("X-Remote-Extra-Scopes", "all")], 401, "Unauthorized"),
        new("front-proxy CN from a CA nobody trusts", p => p.FrontProxyFromOtherCa, [("X-Remote-User", "system:admin"), ("X-Remote-Group", "system:masters")], 401, "not signed by a trusted CA"),
        new("expired front-proxy certificate", p => p.FrontProxyExpired, [("X-Remote-User", "system:admin"), ("X-Remote-Group", "system:masters")], 401, "is not valid now"),
        new("front-proxy certificate not yet valid", p => p.FrontProxyNotYetValid, [("X-Remote-User", "system:admin"), ("X-Remote-Group", "system:masters")], 401, "is not valid now"),
        new("server-auth-only front-proxy certificate", p => p.FrontProxyServerOnly, [("X-Remote-User", "system:admin"), ("X-Remote-Group", "system:masters")], 401, "not for client authentication"),
        new("front-proxy CA but a CN not in the allowed names", p => p.FrontProxyWrongName, [("X-Remote-User", "system:admin"), ("X-Remote-Group", "system:masters")], 401, "not an allowed front-proxy name"),
        new("front proxy without a user header", p => p.FrontProxy, [("X-Remote-Group", "system:masters")], 401, "not signed by a trusted CA"),
        new("client certificate smuggling proxy headers", p => p.Alice, [("X-Remote-User", "system:admin"), ("X-Remote-Group", "system:masters")], 403, "User \"alice\" cannot create resource \"memory\""),
        new("front proxy for a user without permission", p => p.FrontProxy, [("X-Remote-User", "bob"), ("X-Remote-Group", "devs")], 403, "memory.acme.solvers.test is forbidden: User \"bob\" cannot create resource \"memory\" in API group \"acme.solvers.test\" at the cluster scope"),
        // HttpClient joins repeated values into one line; like Go, the host takes that line as one (unprivileged) name.
        new("user header injected twice", p => p.FrontProxy, [("X-Remote-User", "bob"), ("X-Remote-User", "system:admin"), ("X-Remote-Group", "devs")], 403, "User \"bob, system:admin\""),
        new("explicit SubjectAccessReview denial", p => p.FrontProxy, [("X-Remote-User", "mallory")], 403, "User \"mallory\" cannot create resource \"memory\" in API group \"acme.solvers.test\" at the cluster scope: mallory is banned"),
        new("unknown bearer token", null, [("Authorization", "Bearer not-a-token")], 401, "the token was not accepted by the kube-apiserver"),
        new("bearer token of a user without permission", null, [("Authorization", "Bearer bob-token")], 403, "User \"bob\""),
        new("valid token plus spoofed proxy headers", null, [("Authorization", "Bearer bob-token"), ("X-Remote-User", "system:admin"), ("X-Remote-Group", "system:masters")], 403, "User \"bob\""),
        new("basic authentication", null, [("Authorization", "Basic YWRtaW46YWRtaW4=")], 401, "Unauthorized"),
        new("empty bearer token", null, [("Authorization", "Bearer ")], 401, "Unauthorized"),
        new("token while the kube-apiserver is down", null, [("Authorization", "Bearer bob-token")], 401, "TokenReview to the kube-apiserver failed", Kube: KubeState.Down),
        new("authorization while the kube-apiserver is down", p => p.FrontProxy, [("X-Remote-User", "bob")], 500, "the SubjectAccessReview to the kube-apiserver failed", Kube: KubeState.Down),
        new("authorization while the kube-apiserver is too slow", p => p.FrontProxy, [("X-Remote-User", "bob")], 500, "no answer within 10s", Kube: KubeState.Slow),
        new("path with ..", p => p.FrontProxy, [("X-Remote-User", "bob")], 403, "cannot create resource \"memory\"", Path: $"/apis/{Group}/v1alpha1/other/../memory"),
        new("path with %2e%2e", p => p.FrontProxy, [("X-Remote-User", "bob")], 403, "cannot create resource \"memory\"", Path: $"/apis/{Group}/v1alpha1/other/%2e%2e/memory"),
        new("uppercase solver name", p => p.FrontProxy, [("X-Remote-User", "bob")], 403, "cannot create resource \"Memory\"", Path: $"/apis/{Group}/v1alpha1/Memory"),
        new("trailing slash", p => p.FrontProxy, [("X-Remote-User", "bob")], 403, "cannot create resource \"memory\"", Path: SolverPath + "/"),
        new("another API group", p => p.FrontProxy, [("X-Remote-User", "bob")], 403, "in API group \"evil.example.com\"", Path: "/apis/evil.example.com/v1alpha1/memory"),
        new("named sub-resource", p => p.FrontProxy, [("X-Remote-User", "bob")], 403, "cannot create resource \"memory/status\"", Path: SolverPath + "/x/status"),
        new("anonymous discovery", null, [], 401, "Unauthorized", Method: "GET", Path: "/apis"),
        new("anonymous metrics", null, [], 401, "Unauthorized", Method: "GET", Path: "/metrics"),
        new("anonymous version", null, [], 401, "Unauthorized", Method: "GET", Path: "/version"),
        new("anonymous unknown path", null, [], 401, "Unauthorized", Method: "GET", Path: "/debug/pprof/"),
        new("metrics for a user without permission", p => p.FrontProxy, [("X-Remote-User", "bob")], 403, "forbidden: User \"bob\" cannot get path \"/metrics\"", Method: "GET", Path: "/metrics"),
    }.ToDictionary(c => c.Name);

    private readonly SecurityPki _pki;

    public HostileRequestTests(SecurityPki pki) => _pki = pki;

    public enum KubeState
    {
        Up,
        Down,
        Slow,
    }

    public static TheoryData<string> Cases() => [.. _cases.Keys];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileRequest_IsRefusedAndNoProviderIsCalled(string name)
    {
        var hostile = _cases[name];
        await using var kube = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        kube.AddToken("bob-token", "bob", ["devs"]);
        kube.SubjectAccessReviewHandler = request => request.User == "mallory"
            ? new SubjectAccessReviewAnswer(Allowed: false, Denied: true, Reason: "mallory is banned")
            : kube.DefaultSubjectAccessReview(request);
        await using var host = await StartHostAsync(kube);
        kube.Down = hostile.Kube == KubeState.Down;
        kube.Delay = hostile.Kube == KubeState.Slow ? TimeSpan.FromSeconds(12) : TimeSpan.Zero;

        using var client = TestClients.Create(_pki.ServingTrust, hostile.Certificate?.Invoke(_pki));
        client.BaseAddress = host.BaseAddress;
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Path);
        if (hostile.Method == "POST")
        {
            request.Content = Payloads.Content(Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", "hostile-value-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        }

        foreach (var (header, value) in hostile.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(hostile.Status == (int)response.StatusCode, $"expected {hostile.Status}, got {(int)response.StatusCode}: {body}");
        using var status = JsonDocument.Parse(body);
        Assert.Equal("Status", status.RootElement.GetProperty("kind").GetString());
        Assert.Equal(hostile.Status, status.RootElement.GetProperty("code").GetInt32());
        Assert.Contains(hostile.MessagePart, status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Memory.Calls);
    }

    [Fact]
    public async Task CertManagerThroughFrontProxy_IsAuthorizedWithTheGoAttributes()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        const string certManager = "system:serviceaccount:cert-manager:cert-manager";
        kube.Allow(certManager, "create", Group, "memory");
        await using var host = await StartHostAsync(kube);

        // Exactly as the kube-apiserver proxies it: one X-Remote-Group line per group, extras percent-encoded.
        var (status, body) = await RawHttp.SendAsync(host.BaseAddress, _pki.ServingTrust, _pki.FrontProxy, "POST", SolverPath,
            [
                ("X-Remote-User", certManager),
                ("X-Remote-Group", "system:serviceaccounts"),
                ("X-Remote-Group", "system:serviceaccounts:cert-manager"),
                ("X-Remote-Group", "system:authenticated"),
                ("X-Remote-Extra-Authentication.kubernetes.io%2fpod-Name", "cert-manager-7d9f"),
            ],
            Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", "cert-manager-value-bbbbbbbbbbbbbbbbbbbbbbbb"),
            Ct);

        Assert.True(status == 201, body);
        Assert.Single(host.Memory.Calls);
        var review = Assert.Single(kube.SubjectAccessReviews);
        Assert.Equal(certManager, review.User);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:cert-manager", "system:authenticated"], review.Groups);
        Assert.Equal(["cert-manager-7d9f"], review.Extra["authentication.kubernetes.io/pod-name"]);
        Assert.NotNull(review.ResourceAttributes);
        Assert.Equal("create", review.ResourceAttributes.Verb);
        Assert.Equal(Group, review.ResourceAttributes.Group);
        Assert.Equal("v1alpha1", review.ResourceAttributes.Version);
        Assert.Equal("memory", review.ResourceAttributes.Resource);
        Assert.Null(review.ResourceAttributes.Namespace);
        Assert.Null(review.ResourceAttributes.Name);
    }

    [Fact]
    public async Task SubjectAccessReview_Answers_AreCachedBriefly()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        kube.Allow("carol", "create", Group, "memory");
        await using var host = await StartHostAsync(kube);
        using var client = TestClients.Create(_pki.ServingTrust, _pki.FrontProxy);
        client.BaseAddress = host.BaseAddress;

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, SolverPath)
            {
                Content = Payloads.Content(Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", $"cached-value-{i}-ccccccccccccccccccccccccccc")),
            };
            request.Headers.Add("X-Remote-User", "carol");
            using var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.Single(kube.SubjectAccessReviews);
        Assert.Equal(3, host.Memory.Calls.Count);
    }

    [Fact]
    public async Task BearerToken_OfAnAllowedUser_IsReviewedOnceWithinTheCacheTtl()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        kube.AddToken("dave-token", "dave", ["ops"]);
        kube.Allow("ops", "create", Group, "memory");
        await using var host = await StartHostAsync(kube);
        using var client = TestClients.Create(_pki.ServingTrust, null);
        client.BaseAddress = host.BaseAddress;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "dave-token");

        for (var i = 0; i < 2; i++)
        {
            var (success, message) = await Payloads.SolveAsync(client, Group, "memory",
                Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", $"token-value-{i}-iiiiiiiiiiiiiiiiiiiiiiiiiiiiii"), Ct);
            Assert.True(success, message);
        }

        var review = Assert.Single(kube.TokenReviews);
        Assert.Equal("dave-token", review.Token);
        Assert.Contains("system:authenticated", Assert.Single(kube.SubjectAccessReviews).Groups);
    }

    [Fact]
    public async Task ClientCertificateInSystemMasters_IsAllowedWithoutAsking()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        await using var host = await StartHostAsync(kube);
        using var client = TestClients.Create(_pki.ServingTrust, _pki.Admin);
        client.BaseAddress = host.BaseAddress;

        var (success, message) = await Payloads.SolveAsync(client, Group, "memory",
            Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", "admin-value-dddddddddddddddddddddddddddddd"), Ct);

        Assert.True(success, message);
        Assert.Empty(kube.SubjectAccessReviews);
    }

    [Fact]
    public async Task HealthEndpoints_NeedNoCredentials()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        await using var host = await StartHostAsync(kube);
        using var client = TestClients.Create(_pki.ServingTrust, null);
        client.BaseAddress = host.BaseAddress;

        Assert.Equal("ok", await client.GetStringAsync("/livez", Ct));
        Assert.Equal("ok", await client.GetStringAsync("/healthz", Ct));
        Assert.Empty(kube.Calls);
    }

    private Task<InProcessHost> StartHostAsync(FakeKubeApiServer kube)
    {
        var kubeconfig = _pki.NewFile("kubeconfig");
        kube.WriteKubeconfig(kubeconfig);

        // Long cache lifetimes, so that the caching tests hold however slow the machine is.
        return InProcessHost.StartAsync(_pki.HostArgs(
            $"--authentication-kubeconfig={kubeconfig}",
            $"--authorization-kubeconfig={kubeconfig}",
            "--authentication-token-webhook-cache-ttl=10m",
            "--authorization-webhook-cache-authorized-ttl=10m",
            "--authorization-webhook-cache-unauthorized-ttl=10m"));
    }

    /// <summary>One hostile request and what it must get.</summary>
    public sealed record HostileCase(
        string Name,
        Func<SecurityPki, X509Certificate2>? Certificate,
        (string Header, string Value)[] Headers,
        int Status,
        string MessagePart,
        string Method = "POST",
        string Path = SolverPath,
        KubeState Kube = KubeState.Up);
}

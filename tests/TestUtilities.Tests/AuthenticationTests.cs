using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Solvers.TestUtilities.Tests;

public sealed class AuthenticationTests
{
    private const string Unauthorized =
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""" + "\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnyRequest_WithoutBearerToken_Is401Unauthorized()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient(token: null);

        using var response = await http.GetAsync(new Uri("/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Unauthorized, await response.Content.ReadAsStringAsync(Ct));
        Assert.Null(Assert.Single(server.Calls).User);
    }

    [Fact]
    public async Task AnyRequest_UnknownToken_Is401ForKubernetesClient()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server, "not-a-known-token");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "t" } }, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
        Assert.Equal(Unauthorized, error.Response.Content);
        Assert.Empty(server.TokenReviews);
    }

    [Fact]
    public async Task RemoveToken_RevokesIt()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.AddToken("t", "alice");
        using var http = server.CreateHttpClient("t");
        using var before = await http.GetAsync(new Uri("/version", UriKind.Relative), Ct);

        Assert.True(server.RemoveToken("t"));
        using var after = await http.GetAsync(new Uri("/version", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Calls_RecordMethodPathQueryBodyAndUser()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.AddToken("solver-token", "system:serviceaccount:solvers:solver-host");
        using var client = KubeClients.Create(server, "solver-token");

        await client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "x" } }, cancellationToken: Ct);
        await client.CoreV1.ListNamespacedConfigMapAsync("kube-system", fieldSelector: "metadata.name=a", cancellationToken: Ct);

        Assert.Equal(2, server.Calls.Count);
        var review = Assert.Single(server.CallsTo("/apis/authentication.k8s.io/"));
        Assert.Equal("POST", review.Method);
        Assert.Equal("/apis/authentication.k8s.io/v1/tokenreviews", review.Path);
        Assert.Equal("system:serviceaccount:solvers:solver-host", review.User);
        Assert.Contains("\"token\":\"x\"", review.Body, StringComparison.Ordinal);
        var list = Assert.Single(server.CallsTo("/api/v1/namespaces/kube-system/configmaps"));
        Assert.Equal("GET", list.Method);
        Assert.Equal("metadata.name=a", list.QueryValue("fieldSelector"));
        Assert.StartsWith("/api/v1/namespaces/kube-system/configmaps?", list.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(string.Empty, list.Body);

        server.ClearCalls();
        Assert.Empty(server.Calls);
        Assert.Empty(server.TokenReviews);
    }

    [Fact]
    public async Task AuthorizeRequests_UserWithoutRules_Is403ThenAllowedByRule()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.AuthorizeRequests = true;
        server.AddToken("solver-token", "system:serviceaccount:solvers:solver-host");
        using var client = KubeClients.Create(server, "solver-token");
        var review = new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "x" } };

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.AuthenticationV1.CreateTokenReviewAsync(review, cancellationToken: Ct));
        server.Allow("system:serviceaccount:solvers:solver-host", "create", "authentication.k8s.io", "tokenreviews");
        var allowed = await client.AuthenticationV1.CreateTokenReviewAsync(review, cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"tokenreviews.authentication.k8s.io is forbidden: User \"system:serviceaccount:solvers:solver-host\" cannot create resource \"tokenreviews\" in API group \"authentication.k8s.io\" at the cluster scope","reason":"Forbidden","details":{"group":"authentication.k8s.io","kind":"tokenreviews"},"code":403}""" + "\n",
            error.Response.Content);
        Assert.NotNull(allowed.Status);
    }

    [Fact]
    public async Task AuthorizeRequests_ListWithoutPermission_NamesTheListVerb()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.AuthorizeRequests = true;
        server.AddToken("t", "alice");
        server.Allow("alice", "get", "", "configmaps", "kube-system");
        using var client = KubeClients.Create(server, "t");
        server.SetConfigMap("kube-system", "m", new Dictionary<string, string>());

        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("m", "kube-system", cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync("kube-system", cancellationToken: Ct));

        Assert.Equal("m", read.Metadata.Name);
        Assert.Contains(
            "\"message\":\"configmaps is forbidden: User \\\"alice\\\" cannot list resource \\\"configmaps\\\" in API group \\\"\\\" in the namespace \\\"kube-system\\\"\"",
            error.Response.Content, StringComparison.Ordinal);
    }
}

using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Solvers.TestUtilities.Tests;

public sealed class TokenReviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateTokenReview_RegisteredToken_AuthenticatesItsUser()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.AddToken("sa-token", "system:serviceaccount:cert-manager:cert-manager",
            ["system:serviceaccounts", "system:serviceaccounts:cert-manager"],
            new Dictionary<string, IReadOnlyList<string>> { ["authentication.kubernetes.io/pod-name"] = ["cert-manager-0"] },
            uid: "6c1d");
        using var client = KubeClients.Create(server);

        var review = await client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "sa-token" } }, cancellationToken: Ct);

        Assert.Equal("TokenReview", review.Kind);
        Assert.Equal("authentication.k8s.io/v1", review.ApiVersion);
        Assert.True(review.Status.Authenticated);
        Assert.Equal("system:serviceaccount:cert-manager:cert-manager", review.Status.User.Username);
        Assert.Equal("6c1d", review.Status.User.Uid);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:cert-manager", "system:authenticated"], review.Status.User.Groups);
        Assert.Equal(["cert-manager-0"], review.Status.User.Extra["authentication.kubernetes.io/pod-name"]);
        Assert.Equal(["https://kubernetes.default.svc.cluster.local"], review.Status.Audiences);
        Assert.Equal("sa-token", Assert.Single(server.TokenReviews).Token);
    }

    [Fact]
    public async Task CreateTokenReview_AdminToken_IsSystemMasters()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);

        var review = await client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = FakeKubeApiServer.AdminToken } }, cancellationToken: Ct);

        Assert.True(review.Status.Authenticated);
        Assert.Equal("system:admin", review.Status.User.Username);
        Assert.Equal(["system:masters", "system:authenticated"], review.Status.User.Groups);
    }

    [Fact]
    public async Task CreateTokenReview_UnknownToken_IsNotAuthenticatedAndOmitsTheField()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);

        var review = await client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "nobody" } }, cancellationToken: Ct);

        // Go's omitempty drops "authenticated": false, so the client sees null, never false.
        Assert.Null(review.Status.Authenticated);
        Assert.Null(review.Status.User.Username);
        Assert.Null(review.Status.Error);
    }

    [Fact]
    public async Task CreateTokenReview_RequestedAudiences_AreEchoedForAnAudienceAgnosticToken()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.AddToken("static", "alice");
        using var client = KubeClients.Create(server);

        var review = await client.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "static", Audiences = ["solver"] } }, cancellationToken: Ct);

        Assert.True(review.Status.Authenticated);
        Assert.Equal(["solver"], review.Status.Audiences);
        Assert.Equal(["solver"], Assert.Single(server.TokenReviews).Audiences);
    }

    [Fact]
    public async Task CreateTokenReview_AudienceBoundTokenForOtherAudience_IsUnauthenticatedWithError()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.AddToken("bound", "alice", audiences: ["vault"]);
        using var client = KubeClients.Create(server);

        var review = await client.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "bound", Audiences = ["solver"] } }, cancellationToken: Ct);

        Assert.Null(review.Status.Authenticated);
        Assert.Equal("token audiences [\"vault\"] is invalid for the target audiences [\"solver\"]", review.Status.Error);
    }

    [Fact]
    public async Task CreateTokenReview_CustomHandler_DecidesAndCanDelegate()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.TokenReviewHandler = r => r.Token == "expired" ? TokenReviewAnswer.Unauthenticated("token has expired") : server.DefaultTokenReview(r);
        using var client = KubeClients.Create(server);

        var expired = await client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "expired" } }, cancellationToken: Ct);
        var admin = await client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = FakeKubeApiServer.AdminToken } }, cancellationToken: Ct);

        Assert.Equal("token has expired", expired.Status.Error);
        Assert.True(admin.Status.Authenticated);
    }

    [Fact]
    public async Task CreateTokenReview_EmptyToken_Is400WithTheApiserverMessage()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec() }, cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"token is required for TokenReview in authentication","reason":"BadRequest","code":400}""" + "\n",
            error.Response.Content);
    }
}

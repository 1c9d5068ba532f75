using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Solvers.TestUtilities.Tests;

public sealed class SubjectAccessReviewTests
{
    private const string Solver = "system:serviceaccount:cert-manager:cert-manager";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1SubjectAccessReview SolverCreate(string user, params string[] groups) => new()
    {
        ApiVersion = "authorization.k8s.io/v1",
        Kind = "SubjectAccessReview",
        Spec = new V1SubjectAccessReviewSpec
        {
            User = user,
            Groups = groups,
            ResourceAttributes = new V1ResourceAttributes { Verb = "create", Group = "acme.example.com", Version = "v1alpha1", Resource = "embedded" },
        },
    };

    [Fact]
    public async Task CreateSubjectAccessReview_AllowRuleForUser_IsAllowedWithRbacReason()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.Allow(Solver, "create", "acme.example.com", "embedded");
        using var client = KubeClients.Create(server);

        var review = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(SolverCreate(Solver, "system:authenticated"), cancellationToken: Ct);

        Assert.True(review.Status.Allowed);
        Assert.Null(review.Status.Denied);
        Assert.Equal($"RBAC: allowed by ClusterRoleBinding \"fake-rule-1\" of ClusterRole \"fake-rule-1\" to User \"{Solver}\"", review.Status.Reason);
    }

    [Fact]
    public async Task CreateSubjectAccessReview_AllowRuleForGroup_MatchesMembers()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.Allow("system:serviceaccounts:cert-manager", "*", "acme.example.com", "*");
        using var client = KubeClients.Create(server);

        var review = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(SolverCreate(Solver, "system:serviceaccounts:cert-manager"), cancellationToken: Ct);

        Assert.True(review.Status.Allowed);
    }

    [Fact]
    public async Task CreateSubjectAccessReview_NoMatchingRule_IsNoOpinion()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.Allow(Solver, "delete", "acme.example.com", "embedded");
        server.Allow(Solver, "create", "acme.example.com", "embedded", namespaceName: "other");
        using var client = KubeClients.Create(server);

        var review = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(SolverCreate(Solver), cancellationToken: Ct);

        Assert.False(review.Status.Allowed);
        Assert.Null(review.Status.Denied);
        Assert.Null(review.Status.Reason);
    }

    [Fact]
    public async Task CreateSubjectAccessReview_DenyRule_IsDeniedEvenWhenAlsoAllowed()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.Allow(Solver, "create", "acme.example.com", "embedded");
        server.Deny(Solver, "create", "acme.example.com", "embedded");
        using var client = KubeClients.Create(server);

        var review = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(SolverCreate(Solver), cancellationToken: Ct);

        Assert.False(review.Status.Allowed);
        Assert.True(review.Status.Denied);
        Assert.Equal($"denied by fake rule 2 for User \"{Solver}\"", review.Status.Reason);
    }

    [Fact]
    public async Task CreateSubjectAccessReview_SystemMasters_IsAlwaysAllowed()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);

        var review = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(SolverCreate("system:kube-aggregator", "system:masters"), cancellationToken: Ct);

        Assert.True(review.Status.Allowed);
    }

    [Fact]
    public async Task CreateSubjectAccessReview_NonResourcePrefixRule_AllowsMatchingPaths()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.AllowNonResource("system:authenticated", "get", "/apis/*");
        using var client = KubeClients.Create(server);

        V1SubjectAccessReview Get(string path) => new()
        {
            Spec = new V1SubjectAccessReviewSpec { User = "alice", Groups = ["system:authenticated"], NonResourceAttributes = new V1NonResourceAttributes { Path = path, Verb = "get" } },
        };

        var discovery = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(Get("/apis/acme.example.com/v1alpha1"), cancellationToken: Ct);
        var metrics = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(Get("/metrics"), cancellationToken: Ct);

        Assert.True(discovery.Status.Allowed);
        Assert.False(metrics.Status.Allowed);
        Assert.Equal(new NonResourceAttributes("/metrics", "get"), server.SubjectAccessReviews[1].NonResourceAttributes);
    }

    [Fact]
    public async Task CreateSubjectAccessReview_RecordsEveryAttribute()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);
        var review = new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = Solver,
                Uid = "0b5a",
                Groups = ["system:serviceaccounts", "system:authenticated"],
                Extra = new Dictionary<string, IList<string>> { ["authentication.kubernetes.io/pod-name"] = ["cert-manager-0"] },
                ResourceAttributes = new V1ResourceAttributes
                {
                    NamespaceProperty = "sandbox",
                    Verb = "create",
                    Group = "acme.example.com",
                    Version = "v1alpha1",
                    Resource = "embedded",
                    Subresource = "status",
                    Name = "x",
                },
            },
        };

        var answer = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: Ct);

        var recorded = Assert.Single(server.SubjectAccessReviews);
        Assert.Equal(Solver, recorded.User);
        Assert.Equal("0b5a", recorded.Uid);
        Assert.Equal(["system:serviceaccounts", "system:authenticated"], recorded.Groups);
        Assert.Equal(["cert-manager-0"], recorded.Extra["authentication.kubernetes.io/pod-name"]);
        Assert.Equal(new ResourceAttributes("sandbox", "create", "acme.example.com", "v1alpha1", "embedded", "status", "x"), recorded.ResourceAttributes);
        Assert.Null(recorded.NonResourceAttributes);

        // The response echoes the spec, as the apiserver does.
        Assert.Equal("sandbox", answer.Spec.ResourceAttributes.NamespaceProperty);
        Assert.Equal("0b5a", answer.Spec.Uid);
        Assert.Equal(["cert-manager-0"], answer.Spec.Extra["authentication.kubernetes.io/pod-name"]);
    }

    [Fact]
    public async Task CreateSubjectAccessReview_CustomHandler_ReturnsEvaluationError()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SubjectAccessReviewHandler = _ => SubjectAccessReviewAnswer.NoOpinion("webhook unavailable", "context deadline exceeded");
        using var client = KubeClients.Create(server);

        var review = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(SolverCreate(Solver), cancellationToken: Ct);

        Assert.False(review.Status.Allowed);
        Assert.Equal("webhook unavailable", review.Status.Reason);
        Assert.Equal("context deadline exceeded", review.Status.EvaluationError);
    }

    [Fact]
    public async Task CreateSubjectAccessReview_HandlerThrows_Is500InternalError()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SubjectAccessReviewHandler = _ => throw new InvalidOperationException("boom");
        using var client = KubeClients.Create(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.AuthorizationV1.CreateSubjectAccessReviewAsync(SolverCreate(Solver), cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.Response.StatusCode);
        Assert.Contains("\"message\":\"Internal error occurred: boom\"", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSubjectAccessReview_NoAttributesAndNoSubject_Is422WithBothFieldErrors()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview { Spec = new V1SubjectAccessReviewSpec() }, cancellationToken: Ct));

        Assert.Equal((System.Net.HttpStatusCode)422, error.Response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":".authorization.k8s.io \"\" is invalid: [spec: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: \"\": at least one of user or group must be specified]","reason":"Invalid","details":{"group":"authorization.k8s.io","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified","field":"spec"},{"reason":"FieldValueInvalid","message":"Invalid value: \"\": at least one of user or group must be specified","field":"spec.user"}]},"code":422}""" + "\n",
            error.Response.Content);
    }
}

using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Solvers.TestUtilities.Tests;

public sealed class FaultInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1SubjectAccessReview Review() => new()
    {
        Spec = new V1SubjectAccessReviewSpec { User = "alice", ResourceAttributes = new V1ResourceAttributes { Verb = "create", Group = "acme.example.com", Resource = "embedded" } },
    };

    [Fact]
    public async Task Down_Abort_FailsTheCallWithATransportError()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);
        server.Down = true;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review(), cancellationToken: Ct));

        Assert.IsNotType<HttpOperationException>(error);
        Assert.IsType<HttpRequestException>(error, exactMatch: false);
        Assert.Single(server.CallsTo("/apis/authorization.k8s.io/"));
        Assert.Empty(server.SubjectAccessReviews);
    }

    [Fact]
    public async Task Down_ServiceUnavailable_Is503StatusUntilBackUp()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);
        server.DownMode = DownMode.ServiceUnavailable;
        server.Down = true;

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review(), cancellationToken: Ct));
        server.Down = false;
        var review = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review(), cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server is currently unable to handle the request","reason":"ServiceUnavailable","code":503}""" + "\n",
            error.Response.Content);
        Assert.False(review.Status.Allowed);
    }

    [Fact]
    public async Task Down_AbortsAnOpenWatch()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);
        var errors = new List<Exception>();

        var watching = Task.Run(async () =>
        {
            await foreach (var unused in client.CoreV1.WatchListNamespacedConfigMapAsync("ns", resourceVersion: server.ResourceVersion, timeoutSeconds: 60, onError: errors.Add, cancellationToken: Ct))
            {
            }
        }, Ct);
        await KubeClients.EventuallyAsync(() => server.OpenWatchCount == 1, "the watch to open");
        server.Down = true;

        // The stream is cut: KubernetesClient either throws or reports it through onError; either way the loop ends.
        var outcome = await Record.ExceptionAsync(() => watching.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.True(outcome is not null || errors.Count > 0, "the watch should fail when the server goes down");
        Assert.IsNotType<TimeoutException>(outcome);
        await KubeClients.EventuallyAsync(() => server.OpenWatchCount == 0, "the watch to close");
    }

    [Fact]
    public async Task Delay_IsAddedBeforeTheAnswer()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);
        await client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review(), cancellationToken: Ct);   // warm the connection
        server.Delay = TimeSpan.FromMilliseconds(400);

        var stopwatch = Stopwatch.StartNew();
        await client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review(), cancellationToken: Ct);

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(380), $"answered after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Delay_CallerGivesUp_RequestIsDroppedAndServerStaysResponsive()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);
        server.Delay = TimeSpan.FromSeconds(30);

        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review(), cancellationToken: giveUp.Token));
        server.Delay = TimeSpan.Zero;
        var review = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review(), cancellationToken: Ct);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.False(review.Status.Allowed);
        Assert.Single(server.SubjectAccessReviews);   // the abandoned one never reached the handler
    }

    [Fact]
    public async Task DisposeAsync_WithADelayedRequestAndAnOpenWatch_ReturnsPromptly()
    {
        var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);
        var watching = Task.Run(async () =>
        {
            await foreach (var unused in client.CoreV1.WatchListNamespacedConfigMapAsync("ns", timeoutSeconds: 600, onError: _ => { }, cancellationToken: Ct))
            {
            }
        }, Ct);
        await KubeClients.EventuallyAsync(() => server.OpenWatchCount == 1, "the watch to open");
        server.Delay = TimeSpan.FromMinutes(5);
        var delayed = client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review(), cancellationToken: Ct);
        await KubeClients.EventuallyAsync(() => server.Calls.Count == 2, "the delayed call to arrive");

        var stopwatch = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"dispose took {stopwatch.Elapsed}");
        await Record.ExceptionAsync(() => delayed.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await Record.ExceptionAsync(() => watching.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.True(delayed.IsCompleted && watching.IsCompleted);
    }
}

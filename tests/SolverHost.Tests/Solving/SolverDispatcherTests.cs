using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Solvers.Abstractions;
using Solvers.SolverHost.Api;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Hosting;
using Solvers.SolverHost.Solving;
using Solvers.SolverHost.Tests.TestDoubles;

namespace Solvers.SolverHost.Tests.Solving;

public sealed class SolverDispatcherTests
{
    private const string AuditId = "6a1d3f2e-audit";

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingSecretSource _secrets = new();

    [Fact]
    public async Task DispatchAsync_ProviderSucceeds_ReturnsSuccessWithTheUid()
    {
        var solver = new FakeSolver("fake");

        var response = await Create().DispatchAsync(solver, Request(), AuditId, TestContext.Current.CancellationToken);

        Assert.Equal(ChallengeResponse.Succeeded("uid-7"), response);
        Assert.Equal("Present", Assert.Single(solver.Calls).Action);
    }

    [Fact]
    public async Task DispatchAsync_CleanUpAction_CallsCleanUp()
    {
        var solver = new FakeSolver("fake");

        var response = await Create().DispatchAsync(solver, Request() with { Action = ChallengeActions.CleanUp }, AuditId, TestContext.Current.CancellationToken);

        Assert.True(response.Success);
        Assert.Equal("CleanUp", Assert.Single(solver.Calls).Action);
    }

    [Fact]
    public async Task DispatchAsync_Request_IsPassedThroughWithSecretsOfItsNamespace()
    {
        var solver = new FakeSolver("fake");
        using var config = JsonDocument.Parse("""{"ttl":60}""");
        var request = Request() with { Config = config.RootElement.Clone(), ResourceNamespace = "team-a" };

        await Create().DispatchAsync(solver, request, AuditId, TestContext.Current.CancellationToken);

        var solveRequest = Assert.Single(solver.Calls).Request;
        Assert.Equal("uid-7", solveRequest.Uid);
        Assert.Equal("example.com", solveRequest.DnsName);
        Assert.Equal("_acme-challenge.example.com.", solveRequest.ResolvedFqdn);
        Assert.Equal("example.com.", solveRequest.ResolvedZone);
        Assert.Equal("value", solveRequest.Key);
        Assert.Equal("team-a", solveRequest.ResourceNamespace);
        Assert.True(solveRequest.AllowAmbientCredentials);
        Assert.Equal("""{"ttl":60}""", solveRequest.Config?.GetRawText());
        Assert.Equal("team-a", solveRequest.Secrets.ResourceNamespace);
        Assert.Equal(["team-a"], _secrets.Namespaces);
    }

    [Fact]
    public async Task DispatchAsync_ProviderNeverCompletes_FailsAfterTheBudgetNamingIt()
    {
        var never = new TaskCompletionSource();
        var solver = new FakeSolver("slowdns", (_, _) => never.Task);

        var dispatch = Create(TimeSpan.FromSeconds(30)).DispatchAsync(solver, Request(), AuditId, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(dispatch.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(2));
        var response = await dispatch;

        Assert.False(response.Success);
        Assert.Equal("uid-7", response.Uid);
        Assert.StartsWith("slowdns: ", response.Message, StringComparison.Ordinal);
        Assert.Contains("30s budget", response.Message, StringComparison.Ordinal);
        Assert.Contains("_acme-challenge.example.com.", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_BudgetRunsOut_CancelsTheProviderToken()
    {
        var solver = new FakeSolver("slowdns", (_, token) => Task.Delay(Timeout.InfiniteTimeSpan, token));

        var dispatch = Create(TimeSpan.FromSeconds(10)).DispatchAsync(solver, Request(), AuditId, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(10));
        var response = await dispatch;

        Assert.False(response.Success);
        Assert.Contains("10s budget", response.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(solver.Calls).Token.IsCancellationRequested);
    }

    [Fact]
    public async Task DispatchAsync_SubSecondBudget_IsNamedInMilliseconds()
    {
        var solver = new FakeSolver("slowdns", (_, _) => new TaskCompletionSource().Task);

        var dispatch = Create(TimeSpan.FromMilliseconds(500)).DispatchAsync(solver, Request() with { Action = ChallengeActions.CleanUp }, AuditId, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(1));
        var response = await dispatch;

        Assert.StartsWith("slowdns: Cleaning up ", response.Message, StringComparison.Ordinal);
        Assert.Contains("500ms budget", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_DnsProviderException_IsPrefixedWithTheSolverName()
    {
        var solver = new FakeSolver("cloudflare", (_, _) => throw new DnsProviderException("zone example.com. not found; does the token have Zone:Read on it?"));

        var response = await Create().DispatchAsync(solver, Request(), AuditId, TestContext.Current.CancellationToken);

        Assert.Equal(ChallengeResponse.Failed("uid-7", "cloudflare: zone example.com. not found; does the token have Zone:Read on it?"), response);
    }

    [Fact]
    public async Task DispatchAsync_InvalidConfig_IsPrefixedWithTheSolverName()
    {
        var solver = new FakeSolver("cloudflare", (_, _) => Task.FromException(new InvalidSolverConfigException("invalid webhook.config at $.tll: unknown field")));

        var response = await Create().DispatchAsync(solver, Request(), AuditId, TestContext.Current.CancellationToken);

        Assert.Equal("cloudflare: invalid webhook.config at $.tll: unknown field", response.Message);
    }

    [Fact]
    public async Task DispatchAsync_DnsProviderExceptionWithoutMessage_SaysSo()
    {
        var solver = new FakeSolver("cloudflare", (_, _) => Task.FromException(new DnsProviderException(string.Empty)));

        var response = await Create().DispatchAsync(solver, Request(), AuditId, TestContext.Current.CancellationToken);

        Assert.Equal("cloudflare: failed without a message", response.Message);
    }

    [Fact]
    public async Task DispatchAsync_HttpRequestException_IsPrefixedAndExplained()
    {
        var solver = new FakeSolver("cloudflare", (_, _) => Task.FromException(new HttpRequestException("Response status code does not indicate success: 403 (Forbidden).")));

        var response = await Create().DispatchAsync(solver, Request(), AuditId, TestContext.Current.CancellationToken);

        Assert.Equal("cloudflare: request to the DNS provider's API failed: Response status code does not indicate success: 403 (Forbidden).", response.Message);
    }

    [Fact]
    public async Task DispatchAsync_UnexpectedException_HidesItsMessageAndPointsToTheAuditId()
    {
        var solver = new FakeSolver("cloudflare", (_, _) => Task.FromException(new InvalidOperationException("secret=abc")));

        var response = await Create().DispatchAsync(solver, Request(), AuditId, TestContext.Current.CancellationToken);

        Assert.False(response.Success);
        Assert.StartsWith("cloudflare: ", response.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", response.Message, StringComparison.Ordinal);
        Assert.Contains(AuditId, response.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), response.Message, StringComparison.Ordinal);
        Assert.Contains("presenting", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_ProviderThrowsSynchronously_IsStillAFailureResponse()
    {
        var solver = new FakeSolver("cloudflare", (_, _) => throw new ArgumentException("secret=abc"));

        var response = await Create().DispatchAsync(solver, Request(), AuditId, TestContext.Current.CancellationToken);

        Assert.False(response.Success);
        Assert.DoesNotContain("abc", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_RequestAborted_PropagatesCancellation()
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var solver = new FakeSolver("slowdns", (_, _) => new TaskCompletionSource().Task);

        var dispatch = Create().DispatchAsync(solver, Request(), AuditId, aborted.Token);
        Assert.False(dispatch.IsCompleted);
        await aborted.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatch);
    }

    [Fact]
    public async Task DispatchAsync_RequestAbortedWhileProviderHonoursToken_PropagatesCancellation()
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var solver = new FakeSolver("slowdns", (_, token) => Task.Delay(Timeout.InfiniteTimeSpan, token));

        var dispatch = Create().DispatchAsync(solver, Request(), AuditId, aborted.Token);
        await aborted.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatch);
        Assert.True(Assert.Single(solver.Calls).Token.IsCancellationRequested);
    }

    [Fact]
    public async Task DispatchAsync_ProviderOwnTimeoutCancellation_IsAFailureResponseNotAnEscapedException()
    {
        // HttpClient.Timeout surfaces as TaskCanceledException although neither the budget nor the request was cancelled.
        var solver = new FakeSolver("cloudflare", (_, _) => Task.FromException(new TaskCanceledException(
            "The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException())));

        var response = await Create().DispatchAsync(solver, Request(), AuditId, TestContext.Current.CancellationToken);

        Assert.False(response.Success);
        Assert.StartsWith("cloudflare: ", response.Message, StringComparison.Ordinal);
    }

    private SolverDispatcher Create(TimeSpan? timeout = null) => new(
        _secrets,
        new SolverMetrics(),
        Options.Create(new SolverHostOptions { GroupName = "acme.example.com", SolverTimeout = timeout ?? TimeSpan.FromSeconds(30) }),
        NullLogger<SolverDispatcher>.Instance,
        _time);

    private static ChallengeRequest Request() => new()
    {
        Uid = "uid-7",
        Action = ChallengeActions.Present,
        Type = "dns-01",
        DnsName = "example.com",
        Key = "value",
        ResourceNamespace = "cert-manager",
        ResolvedFqdn = "_acme-challenge.example.com.",
        ResolvedZone = "example.com.",
        AllowAmbientCredentials = true,
    };
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Solvers.SolverHost.FunctionalTests.Infrastructure;
using Solvers.SolverHost.Health;

namespace Solvers.SolverHost.FunctionalTests.Hosting;

/// <summary>The host's behaviour around the wire format: what reaches the provider, time budgets, readiness,
/// shutdown, HTTP/2, metrics and start-up refusals, all through real HTTPS on loopback.</summary>
public sealed class SolverHostBehaviourTests
{
    private const string Key = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Present_ThenCleanUp_ReachesProviderWithNormalisedNames()
    {
        await using var host = await InProcessHost.StartAsync();

        var present = await Payloads.SolveAsync(host.Client, InProcessHost.Group, "memory",
            Payloads.Request("Present", "_acme-challenge.WWW.Example.com.", "Example.com.", Key, resourceNamespace: "team-a"), Ct);

        Assert.True(present.Success, present.Message);
        var call = Assert.Single(host.Memory.Calls);
        Assert.Equal("_acme-challenge.www.example.com.", call.Fqdn.Value);
        Assert.Equal("example.com.", call.Zone.Value);
        Assert.Equal("_acme-challenge.www", call.RelativeName);
        Assert.Equal(Key, call.Value);
        Assert.Equal("team-a", call.Context.ResourceNamespace);
        Assert.Equal("team-a", call.Context.Secrets.ResourceNamespace);
        Assert.True(call.Context.AllowAmbientCredentials);
        Assert.Equal([Key], host.Memory.ValuesAt("_acme-challenge.www.example.com."));

        var cleanUp = await Payloads.SolveAsync(host.Client, InProcessHost.Group, "memory",
            Payloads.Request("CleanUp", "_acme-challenge.www.example.com.", "example.com.", Key), Ct);

        Assert.True(cleanUp.Success, cleanUp.Message);
        Assert.Empty(host.Memory.ValuesAt("_acme-challenge.www.example.com."));
    }

    [Fact]
    public async Task Present_WhenProviderExceedsBudget_FailsInTimeAndCancelsTheCall()
    {
        await using var host = await InProcessHost.StartAsync("--solver-timeout=300ms");

        var (success, message) = await Payloads.SolveAsync(host.Client, InProcessHost.Group, "slow",
            Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", Key), Ct);

        Assert.False(success);
        Assert.Equal(
            "slow: Presenting the TXT record at _acme-challenge.example.com. did not finish within the 300ms budget; the provider call was cancelled and cert-manager will retry",
            message);
        // The answer does not wait for the provider to wind down; its cancellation lands right after.
        await WaitUntilAsync(() => Task.FromResult(host.Slow.CancelledCalls == 1));
    }

    [Fact]
    public async Task Readyz_UntilProviderInitialised_FailsAndRequestsWait()
    {
        await using var host = await InProcessHost.StartAsync();

        using (var notReady = await host.Client.GetAsync("/readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, notReady.StatusCode);
            Assert.Contains("[-]poststarthook/solver-gated-init failed: reason withheld", await notReady.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var livez = await host.Client.GetAsync("/livez", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, livez.StatusCode);
        }

        var waiting = Payloads.SolveAsync(host.Client, InProcessHost.Group, "gated", Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", Key), Ct);
        await Task.Delay(200, Ct);
        Assert.False(waiting.IsCompleted);

        host.Gated.Gate.SetResult();
        var (success, message) = await waiting;
        Assert.True(success, message);

        await WaitUntilAsync(async () => (await host.Client.GetAsync("/readyz", Ct)).StatusCode == HttpStatusCode.OK);
        var verbose = await host.Client.GetStringAsync("/readyz?verbose", Ct);
        Assert.Equal(
            "[+]ping ok\n[+]poststarthook/solver-crashing-init ok\n[+]poststarthook/solver-failing-init ok\n[+]poststarthook/solver-gated-init ok\n" +
            "[+]poststarthook/solver-memory-init ok\n[+]poststarthook/solver-slow-init ok\n[+]shutdown ok\nreadyz check passed\n",
            verbose);
        Assert.Equal("ok", await host.Client.GetStringAsync("/readyz/poststarthook/solver-gated-init", Ct));
    }

    [Fact]
    public async Task Shutdown_WithRequestInFlight_TurnsNotReadyAndFinishesTheRequest()
    {
        var host = await InProcessHost.StartAsync("--shutdown-delay-duration=1s");
        host.Gated.Gate.SetResult();
        await WaitUntilAsync(async () => (await host.Client.GetAsync("/readyz", Ct)).StatusCode == HttpStatusCode.OK);

        var inFlight = Payloads.SolveAsync(host.Client, InProcessHost.Group, "slow", Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", Key), Ct);
        await host.Slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var stopping = host.App.StopAsync(Ct);
        var health = host.App.Services.GetRequiredService<HealthState>();
        await WaitUntilAsync(() => Task.FromResult(health.IsShuttingDown));

        using (var readyz = await host.Client.GetAsync("/readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, readyz.StatusCode);
            Assert.Contains("[-]shutdown failed", await readyz.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        host.Slow.Release.SetResult();
        var (success, message) = await inFlight;
        Assert.True(success, message);
        await stopping;
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Present_OverHttp2_Works()
    {
        await using var host = await InProcessHost.StartAsync();
        using var client = host.CreateClient(HttpVersion.Version20);

        using var response = await client.PostAsync($"/apis/{InProcessHost.Group}/v1alpha1/memory",
            Payloads.Content(Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", Key)), Ct);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterRequests_CountOutcomesBySolver()
    {
        await using var host = await InProcessHost.StartAsync();
        await Payloads.SolveAsync(host.Client, InProcessHost.Group, "memory", Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", Key), Ct);
        await Payloads.SolveAsync(host.Client, InProcessHost.Group, "failing", Payloads.Request("CleanUp", "_acme-challenge.example.com.", "example.com.", Key), Ct);
        using (await host.Client.PostAsync($"/apis/{InProcessHost.Group}/v1alpha1/memory", Payloads.Content("{}"), Ct))
        {
        }

        var metrics = await host.Client.GetStringAsync("/metrics", Ct);

        Assert.Contains("solvers_challenge_requests_total{solver=\"memory\",action=\"Present\",outcome=\"success\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("solvers_challenge_requests_total{solver=\"failing\",action=\"CleanUp\",outcome=\"failure\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("solvers_challenge_requests_total{solver=\"memory\",action=\"\",outcome=\"rejected\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("solvers_challenge_request_duration_seconds_count{solver=\"memory\",action=\"Present\",outcome=\"success\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Present_ChunkedBodyOverLimit_IsRefusedWith413()
    {
        await using var host = await InProcessHost.StartAsync();
        using var content = new StreamContent(new MemoryStream(new byte[(3 * 1024 * 1024) + 10]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apis/{InProcessHost.Group}/v1alpha1/memory") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Request entity too large: limit is 3145728", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(host.Memory.Calls);
    }

    [Fact]
    public async Task Present_WithSecretsDir_ReadsTheRequestNamespaceOnly()
    {
        var dir = Directory.CreateTempSubdirectory("solvers-secrets-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "team-a", "dns-token"));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "team-a", "dns-token", "token"), "t0ken", Ct);
            await using var host = await InProcessHost.StartAsync($"--secrets-dir={dir.FullName}");
            const string config = """{"tokenSecretRef":{"name":"dns-token","key":"token"}}""";

            var allowed = await Payloads.SolveAsync(host.Client, InProcessHost.Group, "memory",
                Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", Key, config, "team-a"), Ct);
            var otherNamespace = await Payloads.SolveAsync(host.Client, InProcessHost.Group, "memory",
                Payloads.Request("Present", "_acme-challenge.example.com.", "example.com.", Key, config, "team-b"), Ct);

            Assert.True(allowed.Success, allowed.Message);
            Assert.False(otherNamespace.Success);
            Assert.StartsWith("memory: secret team-b/dns-token key token: Secret dns-token not found in namespace team-b", otherNamespace.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("t0ken", otherNamespace.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--bind-address=0.0.0.0", "refusing to serve on 0.0.0.0")]
    [InlineData("--group-name=Acme.Example.com", "is not a lowercase DNS subdomain")]
    [InlineData("--solver-timeout=40s", "at most 34s")]
    public async Task Start_WithUnsafeOrInvalidSettings_FailsWithClearMessage(string flag, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => InProcessHost.StartAsync(flag));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(50, Ct);
        }
    }
}

using System.Globalization;
using Solvers.Testing.Cloudflare;

namespace Solvers.Providers.Cloudflare.Tests;

/// <summary>429 storms, 5xx answers, timeouts and slow answers: every challenge succeeds within its time budget or
/// fails with a message that says why, and no duplicate record is left behind.</summary>
public sealed class FaultTests
{
    private static readonly Dictionary<string, string?> _fastRetries = new()
    {
        ["RetryBaseDelay"] = "00:00:00.050",
        ["RequestTimeout"] = "00:00:01",
        ["TimeBudget"] = "00:00:15",
    };

    [Fact]
    public async Task Present_429Storm_WaitsOutRetryAfterAndSucceeds()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        fake.ThrottleNext(3, TimeSpan.FromSeconds(1));

        var answer = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.True(answer.Success, answer.Message);
        Assert.Equal(3, fake.ThrottledCount);
        Assert.Single(Scenario.Txt(fake));
        Assert.Empty(fake.SchemaProblems);
    }

    [Fact]
    public async Task Present_RetryAfterBeyondTheTimeBudget_FailsAtOnceAndHoldsTheCredentialBack()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        fake.ThrottleNext(1, TimeSpan.FromMinutes(5));
        var ct = TestContext.Current.CancellationToken;

        var first = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct);
        var second = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(2), ct);

        Assert.False(first.Success);
        Assert.Contains("Cloudflare is rate-limiting the API token in secret cert-manager/cloudflare-api-token key api-token (429 on GET /zones, retry-after 300s)", first.Message, StringComparison.Ordinal);
        Assert.Contains("cert-manager will retry", first.Message, StringComparison.Ordinal);
        Assert.False(second.Success);
        Assert.Contains("cannot serve GET /zones for another", second.Message, StringComparison.Ordinal);
        Assert.Contains("not sending it, cert-manager will retry", second.Message, StringComparison.Ordinal);

        // The second call did not reach the API at all: the 429 holds the whole credential back.
        Assert.Single(fake.Exchanges);
    }

    [Fact]
    public async Task Present_OtherCredential_IsNotHeldBackByA429()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        fake.ThrottleNext(1, TimeSpan.FromMinutes(5));
        var ct = TestContext.Current.CancellationToken;

        var throttled = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct);
        var other = await host.PresentAsync(Scenario.KeyConfig, Scenario.Fqdn, "example.com.", Scenario.Value(2), ct);

        Assert.False(throttled.Success);
        Assert.True(other.Success, other.Message);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Present_Transient5xx_IsRetriedAndSucceeds(int status)
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        fake.FailNext(2, FaultKind.ServerError, status);

        var answer = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.True(answer.Success, answer.Message);
        Assert.Single(Scenario.Txt(fake));
        Assert.Equal(2, fake.Exchanges.Count(e => e.Status == status));
    }

    [Fact]
    public async Task Present_CreateAppliedButAnswer502_LeavesOneRecord()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        fake.FailNext(1, FaultKind.ServerErrorAfterApply, 502, method: "POST");

        var answer = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.True(answer.Success, answer.Message);
        Assert.Single(Scenario.Txt(fake));

        // The retried create got "an identical record already exists", which is success.
        Assert.Contains(fake.Exchanges, e => e.Method == "POST" && e.Status == 400 && e.ResponseBody!.Contains("81058", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CleanUp_DeleteAppliedButAnswer503_Succeeds()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        var ct = TestContext.Current.CancellationToken;
        Assert.True((await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);
        fake.FailNext(1, FaultKind.ServerErrorAfterApply, 503, method: "DELETE");

        var answer = await host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct);

        Assert.True(answer.Success, answer.Message);
        Assert.Empty(Scenario.Txt(fake));
        Assert.Contains(fake.Exchanges, e => e.Method == "DELETE" && e.Status == 404 && e.ResponseBody!.Contains("81044", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Present_Persistent5xx_FailsAfterMaxAttemptsWithMessage()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        fake.FailNext(20, FaultKind.ServerError, 503);

        var answer = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.False(answer.Success);
        Assert.Equal("cloudflare: GET /zones at the Cloudflare API failed 4 times (last: 503 Service Unavailable); cert-manager will retry", answer.Message);
        Assert.Equal(4, fake.Exchanges.Count);
    }

    [Fact]
    public async Task Present_Other4xx_IsNeverRetried()
    {
        await using var fake = await Scenario.StartFakeAsync();
        fake.AddToken(Scenario.OtherToken, TokenPermissions.ZoneRead | TokenPermissions.DnsRead);
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        host.WriteSecret("cloudflare-api-token", "api-token", Scenario.OtherToken);

        var answer = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.False(answer.Success);
        Assert.Equal(3, fake.Exchanges.Count);
        Assert.Single(fake.Exchanges, e => e.Method == "POST" && e.Status == 403);
    }

    [Fact]
    public async Task Present_RequestTimesOut_IsRetriedAndLeavesOneRecord()
    {
        await using var fake = await Scenario.StartFakeAsync();
        fake.HangTime = TimeSpan.FromSeconds(5);
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        fake.FailNext(1, FaultKind.Hang, method: "POST");
        fake.FailNext(1, FaultKind.Hang, method: "GET");

        var answer = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.True(answer.Success, answer.Message);
        Assert.Single(Scenario.Txt(fake));
    }

    [Fact]
    public async Task Present_EveryRequestHangs_FailsWithinTheTimeBudgetWithMessage()
    {
        await using var fake = await Scenario.StartFakeAsync();
        fake.HangTime = TimeSpan.FromSeconds(10);
        var settings = new Dictionary<string, string?>(_fastRetries) { ["TimeBudget"] = "00:00:03", ["MaxAttempts"] = "10" };
        await using var host = await Scenario.StartHostAsync(fake, settings);
        fake.FailNext(20, FaultKind.Hang);

        var answer = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.False(answer.Success);
        Assert.StartsWith("cloudflare: GET /zones at the Cloudflare API did not succeed within this call's 3s time budget (", answer.Message, StringComparison.Ordinal);
        Assert.Contains("last: no answer within", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PresentAndCleanUp_SlowAnswers_Succeed()
    {
        await using var fake = await Scenario.StartFakeAsync();
        fake.Latency = TimeSpan.FromMilliseconds(400);
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        var ct = TestContext.Current.CancellationToken;

        var results = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(i), ct)));
        Assert.All(results, r => Assert.True(r.Success, r.Message));
        Assert.Equal(5, Scenario.Txt(fake).Count);

        results = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(i), ct)));
        Assert.All(results, r => Assert.True(r.Success, r.Message));
        Assert.Empty(Scenario.Txt(fake));
    }

    [Fact]
    public async Task PresentAndCleanUp_RandomFaultsUnderLoad_SucceedOrFailClearlyAndLeaveNoDuplicates()
    {
        await using var fake = await Scenario.StartFakeAsync();
        fake.SeedRandomFaults(20261127);
        fake.RandomFaultRate = 0.3;
        await using var host = await Scenario.StartHostAsync(fake, _fastRetries);
        var ct = TestContext.Current.CancellationToken;
        var names = Enumerable.Range(0, 30).Select(i => string.Create(CultureInfo.InvariantCulture, $"_acme-challenge.host{i}.example.com.")).ToList();

        var presents = await Task.WhenAll(names.Select((n, i) => host.PresentAsync(Scenario.TokenConfig, n, "example.com.", Scenario.Value(i), ct)));

        Assert.All(presents, p => Assert.True(p.Success || IsClear(p.Message), p.Message));
        for (var i = 0; i < names.Count; i++)
        {
            var atName = fake.Records(Scenario.Zone).Where(r => r.Name == names[i].TrimEnd('.')).ToList();
            Assert.True(atName.Count <= 1, $"{atName.Count} records at {names[i]}");
            if (presents[i].Success)
            {
                Assert.Single(atName);
            }
        }

        var cleanUps = await Task.WhenAll(names.Select((n, i) => host.CleanUpAsync(Scenario.TokenConfig, n, "example.com.", Scenario.Value(i), ct)));
        Assert.All(cleanUps, c => Assert.True(c.Success || IsClear(c.Message), c.Message));

        // Once the API is healthy again, cert-manager's retries converge: nothing is left.
        fake.RandomFaultRate = 0;
        foreach (var (name, i) in names.Select((n, i) => (n, i)).Where(x => !cleanUps[x.i].Success))
        {
            Assert.True((await host.CleanUpAsync(Scenario.TokenConfig, name, "example.com.", Scenario.Value(i), ct)).Success);
        }

        Assert.Empty(fake.Records(Scenario.Zone));
        Assert.Empty(fake.SchemaProblems);
    }

    [Fact]
    public async Task Present_BudgetUsedUp_FailsFastWithoutCallingTheApi()
    {
        await using var fake = await Scenario.StartFakeAsync();
        var settings = new Dictionary<string, string?>(_fastRetries) { ["RateLimit"] = "4", ["RateWindow"] = "01:00:00" };
        await using var host = await Scenario.StartHostAsync(fake, settings);
        var ct = TestContext.Current.CancellationToken;

        // 3 requests (zone, list, create), then 1 (list, the value is there), then the budget is spent.
        Assert.True((await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);
        Assert.True((await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);
        var answer = await host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct);

        Assert.False(answer.Success);
        Assert.StartsWith(
            "cloudflare: the request budget of the API token in secret cert-manager/cloudflare-api-token key api-token (4 requests per 3600s, below Cloudflare's 1200 per 5 minutes) cannot serve GET /zones/",
            answer.Message,
            StringComparison.Ordinal);
        Assert.Contains("past this call's 15s time budget; not sending it, cert-manager will retry", answer.Message, StringComparison.Ordinal);
        Assert.Equal(4, fake.Exchanges.Count);
    }

    private static bool IsClear(string? message) =>
        message is not null && message.StartsWith("cloudflare: ", StringComparison.Ordinal)
        && (message.Contains("failed 4 times (last: 502", StringComparison.Ordinal) || message.Contains("did not succeed within this call's", StringComparison.Ordinal));
}

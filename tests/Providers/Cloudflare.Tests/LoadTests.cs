using System.Diagnostics;
using System.Globalization;
using Solvers.Testing.Cloudflare;

namespace Solvers.Providers.Cloudflare.Tests;

/// <summary>500 concurrent challenges across 50 zones of one account, through the host, against a fake that enforces
/// Cloudflare's 1200 requests per window: the shared budget keeps every caller clear of a 429.</summary>
/// <remarks>Time is scaled, not the counts: the fake's window and the solver's <c>RateWindow</c> are 3 s instead of
/// 5 minutes (100 times shorter), so the run needs two windows of 3 s instead of two of 5 minutes. The numbers (API
/// calls, wall time) are printed to the test output; with <c>SOLVERS_CLOUDFLARE_BASELINE=1</c> the same load first
/// runs without any limit, as the baseline of docs/benchmarks.md.</remarks>
public sealed class LoadTests
{
    private const int Zones = 50;
    private const int Challenges = 500;
    private static readonly TimeSpan _window = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task PresentAndCleanUp_500ChallengesAcross50Zones_NoThrottlingSurfacesAndNothingIsLeft()
    {
        Run? baseline = Environment.GetEnvironmentVariable("SOLVERS_CLOUDFLARE_BASELINE") == "1" ? await RunAsync(budgeted: false) : null;

        var run = await RunAsync(budgeted: true);

        Assert.Equal(0, run.Throttled);

        // One zone lookup per zone (concurrent lookups share one call), then one list and one write per challenge.
        Assert.Equal(Zones, run.ZoneLookups);
        Assert.Equal(Zones + (2 * Challenges), run.PresentCalls);
        Assert.Equal(Zones + (4 * Challenges), run.Calls);

        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"cloudflare load: {Challenges} Present + {Challenges} CleanUp across {Zones} zones; API calls {run.PresentCalls} + {run.Calls - run.PresentCalls} = {run.Calls}; 429s {run.Throttled}; wall time Present {run.Present.TotalSeconds:0.0} s, CleanUp {run.CleanUp.TotalSeconds:0.0} s (window {_window.TotalSeconds:0} s, budget 1000 per window)");
        if (baseline is not null)
        {
            report += string.Create(
                CultureInfo.InvariantCulture,
                $"; baseline without limits: Present {baseline.Present.TotalSeconds:0.0} s, CleanUp {baseline.CleanUp.TotalSeconds:0.0} s; budgeted / baseline {(run.Present + run.CleanUp) / (baseline.Present + baseline.CleanUp):0.00}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(report);

        // Also on the console, where `dotnet test --output Detailed` shows it (docs/benchmarks.md).
        Console.WriteLine(report);
    }

    private static async Task<Run> RunAsync(bool budgeted)
    {
        await using var fake = await FakeCloudflareApi.StartAsync(TestContext.Current.CancellationToken);
        fake.RateLimit = budgeted ? 1200 : null;
        fake.RateWindow = _window;
        for (var z = 0; z < Zones; z++)
        {
            fake.AddZone(ZoneName(z));
        }

        fake.AddToken(Scenario.Token, TokenPermissions.Solver);
        var settings = new Dictionary<string, string?>
        {
            ["RateWindow"] = _window.ToString("c", CultureInfo.InvariantCulture),
            ["RateLimit"] = budgeted ? "1000" : "100000",
        };
        await using var host = await Scenario.StartHostAsync(fake, settings);
        var ct = TestContext.Current.CancellationToken;
        var challenges = Enumerable.Range(0, Challenges)
            .Select(i => (Fqdn: string.Create(CultureInfo.InvariantCulture, $"_acme-challenge.host{i / Zones}.{ZoneName(i % Zones)}."), Zone: ZoneName(i % Zones) + ".", Value: Scenario.Value(i)))
            .ToList();

        var started = Stopwatch.GetTimestamp();
        var presents = await Task.WhenAll(challenges.Select(c => host.PresentAsync(Scenario.TokenConfig, c.Fqdn, c.Zone, c.Value, ct)));
        var presentTime = Stopwatch.GetElapsedTime(started);
        var presentCalls = fake.Exchanges.Count;
        Assert.All(presents, p => Assert.True(p.Success, p.Message));
        Assert.Equal(Challenges, fake.AllRecords().Count);

        var cleanUpStarted = Stopwatch.GetTimestamp();
        var cleanUps = await Task.WhenAll(challenges.Select(c => host.CleanUpAsync(Scenario.TokenConfig, c.Fqdn, c.Zone, c.Value, ct)));
        var cleanUpTime = Stopwatch.GetElapsedTime(cleanUpStarted);
        Assert.All(cleanUps, c => Assert.True(c.Success, c.Message));

        Assert.Empty(fake.AllRecords());
        Assert.Empty(fake.SchemaProblems);
        var exchanges = fake.Exchanges;
        return new Run(presentTime, cleanUpTime, presentCalls, exchanges.Count, exchanges.Count(e => e.Path == "/zones"), fake.ThrottledCount);
    }

    private static string ZoneName(int z) => string.Create(CultureInfo.InvariantCulture, $"zone{z:00}.example");

    private sealed record Run(TimeSpan Present, TimeSpan CleanUp, int PresentCalls, int Calls, int ZoneLookups, int Throttled);
}

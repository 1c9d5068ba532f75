using Microsoft.Extensions.Time.Testing;
using Solvers.Propagation.Tests.Dns;
using static Solvers.Propagation.Tests.TestTrees;

namespace Solvers.Propagation.Tests;

/// <summary>Polling until propagated or the deadline.</summary>
public sealed class WaitAsyncTests
{
    private const int CheckedEvent = 200;

    [Fact]
    public async Task WaitAsync_AlreadyPropagated_ReturnsAfterOneCheck()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);

        var report = await new PropagationChecker(tree.Options()).WaitAsync(Name(Fqdn), Value, Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal(1, report.Attempts);
    }

    [Fact]
    public async Task WaitAsync_ValueAppearsLater_PropagatedSoonAfter()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        var logger = new RecordingLogger();
        var checker = new PropagationChecker(tree.Options() with { Deadline = TimeSpan.FromSeconds(20) }, logger: logger);

        var waiting = checker.WaitAsync(Name(Fqdn), Value, Token);
        await logger.WaitForAsync(CheckedEvent, 2, TimeSpan.FromSeconds(10));
        zone.AddTxt(Fqdn, Value);
        var report = await waiting;

        Assert.True(report.Propagated, report.Summary);
        Assert.InRange(report.Attempts, 3, 20);
        Assert.InRange(report.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(15));
        Assert.Contains(logger.Entries, e => e.Id.Id == 201);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains(Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitAsync_NeverPropagates_ReturnsTheLastReportAtTheDeadline()
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        servers[2].Lag();
        zone.AddTxt(Fqdn, Value);
        var logger = new RecordingLogger();
        var checker = new PropagationChecker(tree.Options() with { Deadline = TimeSpan.FromSeconds(1) }, logger: logger);

        var report = await checker.WaitAsync(Name(Fqdn), Value, Token);

        Assert.False(report.Propagated);
        Assert.StartsWith($"not propagated: ns3.example.test. ({servers[2].Addresses[0]}) serves serial", report.Summary, StringComparison.Ordinal);
        Assert.InRange(report.Attempts, 2, 30);
        Assert.InRange(report.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(8));
        Assert.Contains(logger.Entries, e => e.Id.Id == 202);
    }

    [Fact]
    public async Task WaitAsync_FirstCheckOutlivesTheDeadline_UnansweredAddressesAreTimeouts()
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        zone.AddTxt(Fqdn, Value);
        servers[0].Mode = ServerMode.Drop;
        var options = tree.Options() with { QueryTimeout = TimeSpan.FromSeconds(5), Deadline = TimeSpan.FromMilliseconds(500) };

        var report = await new PropagationChecker(options).WaitAsync(Name(Fqdn), Value, Token);

        Assert.False(report.Propagated);
        Assert.Equal(1, report.Attempts);
        Assert.InRange(report.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
        Assert.Equal(NameserverError.Timeout, report.Servers[0].Error);
        Assert.Equal("no answer before the deadline", report.Servers[0].Detail);
        Assert.Equal(NameserverState.Serving, report.Servers[1].State);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var (tree, _, _) = ThreeNameservers();
        using var _ = tree;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new PropagationChecker(tree.Options()).WaitAsync(Name(Fqdn), Value, cts.Token));
    }

    [Fact]
    public async Task WaitAsync_SomeServersServe_IntervalStaysShortForTheConvergingWindowThenGrows()
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        servers[2].Lag();
        zone.AddTxt(Fqdn, Value);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logger = new RecordingLogger();
        var options = tree.Options() with { Deadline = TimeSpan.FromMinutes(5), ConvergingWindow = TimeSpan.FromMilliseconds(500) };
        var checker = new PropagationChecker(options, time, logger);

        var waiting = checker.WaitAsync(Name(Fqdn), Value, Token);
        await logger.WaitForAsync(CheckedEvent, 1, TimeSpan.FromSeconds(10));

        // Two of three serve from the first check on: 100 ms steps until 500 ms have passed, then doubling again.
        int[] expectedMs = [100, 100, 100, 100, 100, 100, 200, 400];
        for (var i = 0; i < expectedMs.Length; i++)
        {
            await AdvanceToNextCheckAsync(time, logger, expectedMs[i], i + 1);
        }

        servers[2].CatchUp();
        await AdvanceToNextCheckAsync(time, logger, 800, expectedMs.Length + 1);
        var report = await waiting.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal(expectedMs.Length + 2, report.Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs.Sum() + 800), report.Elapsed);
    }

    [Fact]
    public async Task WaitAsync_ConvergingWindowZero_IntervalsDoubleAsUsual()
    {
        var (tree, zone, servers) = ThreeNameservers();
        using var _ = tree;
        servers[2].Lag();
        zone.AddTxt(Fqdn, Value);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logger = new RecordingLogger();
        var options = tree.Options() with { Deadline = TimeSpan.FromMinutes(5), ConvergingWindow = TimeSpan.Zero };
        var checker = new PropagationChecker(options, time, logger);

        var waiting = checker.WaitAsync(Name(Fqdn), Value, Token);
        await logger.WaitForAsync(CheckedEvent, 1, TimeSpan.FromSeconds(10));
        int[] expectedMs = [100, 200, 400];
        for (var i = 0; i < expectedMs.Length; i++)
        {
            await AdvanceToNextCheckAsync(time, logger, expectedMs[i], i + 1);
        }

        servers[2].CatchUp();
        await AdvanceToNextCheckAsync(time, logger, 800, expectedMs.Length + 1);
        var report = await waiting.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs.Sum() + 800), report.Elapsed);
    }

    /// <summary>Asserts that no check runs 1 ms before <paramref name="intervalMs"/> has passed and that one runs at it.</summary>
    private static async Task AdvanceToNextCheckAsync(FakeTimeProvider time, RecordingLogger logger, int intervalMs, int checksSoFar)
    {
        // The check has logged; give it a moment to start its delay on the fake clock.
        await Task.Delay(50, Token);
        time.Advance(TimeSpan.FromMilliseconds(intervalMs - 1));
        await Task.Delay(100, Token);
        Assert.Equal(checksSoFar, logger.Entries.Count(e => e.Id.Id == CheckedEvent));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await logger.WaitForAsync(CheckedEvent, checksSoFar + 1, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_Intervals_DoubleFrom100MsUpTo2s()
    {
        var (tree, zone, _) = ThreeNameservers();
        using var _ = tree;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logger = new RecordingLogger();
        var checker = new PropagationChecker(tree.Options() with { Deadline = TimeSpan.FromMinutes(5) }, time, logger);

        var waiting = checker.WaitAsync(Name(Fqdn), Value, Token);
        await logger.WaitForAsync(CheckedEvent, 1, TimeSpan.FromSeconds(10));
        int[] expectedMs = [100, 200, 400, 800, 1600, 2000, 2000];
        for (var i = 0; i < expectedMs.Length; i++)
        {
            await AdvanceToNextCheckAsync(time, logger, expectedMs[i], i + 1);
        }

        zone.AddTxt(Fqdn, Value);
        await Task.Delay(50, Token);
        time.Advance(TimeSpan.FromSeconds(2));
        var report = await waiting.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.True(report.Propagated, report.Summary);
        Assert.Equal(expectedMs.Length + 2, report.Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs.Sum() + 2000), report.Elapsed);
    }
}

using Microsoft.Extensions.Time.Testing;
using Solvers.Providers.Cloudflare.Internal;

namespace Solvers.Providers.Cloudflare.Tests;

/// <summary>The per-credential budget on a fake clock: slots, queueing in order, fail-fast, 429 blocks.</summary>
public sealed class RateBudgetTests
{
    private static readonly TimeSpan _window = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AcquireAsync_UnderTheLimit_GrantsAtOnce()
    {
        using var budget = new RateBudget(3, _window, _time);

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await budget.AcquireAsync(Deadline(TimeSpan.Zero), TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task AcquireAsync_OverTheLimit_WaitsUntilOneWindowAfterAnAnswer()
    {
        using var budget = new RateBudget(2, _window, _time);
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await budget.AcquireAsync(Deadline(TimeSpan.Zero), ct));
        Assert.Null(await budget.AcquireAsync(Deadline(TimeSpan.Zero), ct));
        _time.Advance(TimeSpan.FromSeconds(10));
        budget.Complete();                       // answered at 10 s: its slot frees at 5 min 10 s
        _time.Advance(TimeSpan.FromSeconds(20));
        budget.Complete();                       // answered at 30 s

        var third = budget.AcquireAsync(Deadline(TimeSpan.FromHours(1)), ct).AsTask();
        var fourth = budget.AcquireAsync(Deadline(TimeSpan.FromHours(1)), ct).AsTask();
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(third.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(40));  // 5 min 10 s
        Assert.Null(await third);
        Assert.False(fourth.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(20));  // 5 min 30 s
        Assert.Null(await fourth);
    }

    [Fact]
    public async Task AcquireAsync_SlotAfterTheDeadline_RefusesAtOnceWithTheWait()
    {
        using var budget = new RateBudget(1, _window, _time);
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await budget.AcquireAsync(Deadline(TimeSpan.Zero), ct));
        budget.Complete();

        var wait = await budget.AcquireAsync(Deadline(TimeSpan.FromSeconds(25)), ct);

        Assert.Equal(_window, wait);

        // Refusing reserved nothing: a caller with time enough is next.
        var patient = budget.AcquireAsync(Deadline(TimeSpan.FromMinutes(10)), ct).AsTask();
        _time.Advance(_window);
        Assert.Null(await patient);
    }

    [Fact]
    public async Task AcquireAsync_RequestsInFlight_HoldTheirSlots()
    {
        using var budget = new RateBudget(1, _window, _time);
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await budget.AcquireAsync(Deadline(TimeSpan.Zero), ct));

        var next = budget.AcquireAsync(Deadline(TimeSpan.FromHours(1)), ct).AsTask();
        _time.Advance(TimeSpan.FromMinutes(10));

        // Not answered yet: the server may count it at any moment until its answer.
        Assert.False(next.IsCompleted);
        budget.Complete();
        _time.Advance(_window);
        Assert.Null(await next);
    }

    [Fact]
    public async Task AcquireAsync_Returned_FreesTheSlotAtOnce()
    {
        using var budget = new RateBudget(1, _window, _time);
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await budget.AcquireAsync(Deadline(TimeSpan.Zero), ct));
        var next = budget.AcquireAsync(Deadline(TimeSpan.FromHours(1)), ct).AsTask();

        budget.Return();

        Assert.Null(await next);
    }

    [Fact]
    public async Task BlockUntil_HoldsEveryoneBack_AndRefusesThoseWhoCannotWait()
    {
        using var budget = new RateBudget(100, _window, _time);
        var ct = TestContext.Current.CancellationToken;
        budget.BlockUntil(_time.GetUtcNow() + TimeSpan.FromSeconds(30));

        var refused = await budget.AcquireAsync(Deadline(TimeSpan.FromSeconds(10)), ct);
        var waiting = budget.AcquireAsync(Deadline(TimeSpan.FromMinutes(1)), ct).AsTask();

        Assert.Equal(TimeSpan.FromSeconds(30), refused);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await waiting);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_LeavesTheQueue()
    {
        using var budget = new RateBudget(1, _window, _time);
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await budget.AcquireAsync(Deadline(TimeSpan.Zero), ct));
        budget.Complete();
        using var cancel = new CancellationTokenSource();
        var cancelled = budget.AcquireAsync(Deadline(TimeSpan.FromHours(1)), cancel.Token).AsTask();
        var other = budget.AcquireAsync(Deadline(TimeSpan.FromHours(1)), ct).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        _time.Advance(_window);

        Assert.Null(await other);
    }

    private DateTimeOffset Deadline(TimeSpan after) => _time.GetUtcNow() + after;
}

namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>A sliding-window request budget for one credential, shared by every request of the process: at most
/// <c>limit</c> requests start in any window. Requests over it queue for the earliest free slot, in arrival order;
/// a slot later than the caller's deadline is refused at once instead. A 429 answer blocks the whole budget for the
/// server's <c>retry-after</c>.</summary>
internal sealed class RateBudget
{
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    // Start times of the requests in the current window, granted or reserved, in ascending order.
    private readonly List<DateTimeOffset> _slots = [];
    private DateTimeOffset _blockedUntil;

    public RateBudget(int limit, TimeSpan window, TimeProvider time)
    {
        _limit = limit;
        _window = window;
        _time = time;
    }

    public int Limit => _limit;

    public TimeSpan Window => _window;

    /// <summary>Reserves the earliest slot and waits for it.</summary>
    /// <returns><see langword="null"/> when the slot was taken; otherwise how long the caller would have had to wait
    /// (nothing is reserved then).</returns>
    public async ValueTask<TimeSpan?> AcquireAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        DateTimeOffset slot;
        DateTimeOffset now;
        lock (_gate)
        {
            now = _time.GetUtcNow();
            var expired = 0;
            while (expired < _slots.Count && _slots[expired] <= now - _window)
            {
                expired++;
            }

            _slots.RemoveRange(0, expired);
            slot = _slots.Count < _limit ? now : _slots[_slots.Count - _limit] + _window;
            if (_blockedUntil > slot)
            {
                slot = _blockedUntil;
            }

            if (slot > deadline)
            {
                return slot - now;
            }

            _slots.Add(slot);
        }

        if (slot > now)
        {
            // A cancelled wait keeps its reservation: the budget then errs on the side of sending less.
            await Task.Delay(slot - now, _time, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Holds every request of this budget back until <paramref name="until"/> (a 429's <c>retry-after</c>).</summary>
    public void BlockUntil(DateTimeOffset until)
    {
        lock (_gate)
        {
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
            }
        }
    }
}

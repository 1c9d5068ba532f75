namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>A sliding-window request budget for one credential, shared by every request of the process: at most
/// <c>limit</c> requests in any window, counted as Cloudflare counts them, whatever the network's latency.</summary>
/// <remarks>
/// <para>A request holds its slot from the moment it is sent until one window after its answer (or failure) arrived.
/// The server counts it at its arrival, which lies between the two, so in any window the server sees at most as many
/// requests as hold slots here, never more than the limit: a burst whose answers straggle in cannot make the next
/// burst overlap it at the server.</para>
/// <para>Requests over the limit wait in arrival order for the earliest free slot. A caller whose slot could not come
/// before its deadline is refused at once instead (nothing is reserved then). A 429 answer holds every request of the
/// budget back until its <c>retry-after</c>.</para>
/// </remarks>
internal sealed class RateBudget : IDisposable
{
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;

    // Ends of the slots of answered requests, ascending; requests not answered yet hold the other slots.
    private readonly List<DateTimeOffset> _expiries = [];
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private int _inFlight;
    private DateTimeOffset _blockedUntil;

    public RateBudget(int limit, TimeSpan window, TimeProvider time)
    {
        _limit = limit;
        _window = window;
        _time = time;
        _timer = time.CreateTimer(_ => Wake(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Limit => _limit;

    public TimeSpan Window => _window;

    /// <summary>Waits for a slot. Call <see cref="Complete"/> once the request was answered or failed, or
    /// <see cref="Return"/> if it was never sent.</summary>
    /// <returns><see langword="null"/> when a slot was taken; otherwise at least how long the caller would have had
    /// to wait (nothing is taken then).</returns>
    public async ValueTask<TimeSpan?> AcquireAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Prune(now);
            if (_waiters.Count == 0 && now >= _blockedUntil && _inFlight + _expiries.Count < _limit)
            {
                _inFlight++;
                return null;
            }

            var estimate = EarliestSlot(now, _waiters.Count);
            if (estimate > deadline)
            {
                return estimate - now;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
            Schedule(now);
        }

        try
        {
            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            bool granted;
            lock (_gate)
            {
                granted = waiter.Task.IsCompletedSuccessfully;
                if (!granted)
                {
                    _waiters.Remove(node);
                }
            }

            if (granted)
            {
                Return();
            }

            throw;
        }
    }

    /// <summary>The request that held a slot was answered or failed: the slot frees one window from now.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _inFlight--;
            var expiry = _time.GetUtcNow() + _window;
            var index = _expiries.BinarySearch(expiry);
            _expiries.Insert(index < 0 ? ~index : index, expiry);
            Schedule(_time.GetUtcNow());
        }
    }

    /// <summary>A slot was taken but no request was sent: it frees at once.</summary>
    public void Return()
    {
        lock (_gate)
        {
            _inFlight--;
        }

        Wake();
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

    public void Dispose() => _timer.Dispose();

    private void Wake()
    {
        var granted = new List<TaskCompletionSource>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Prune(now);
            while (_waiters.First is { } first && now >= _blockedUntil && _inFlight + _expiries.Count < _limit)
            {
                _waiters.RemoveFirst();
                _inFlight++;
                granted.Add(first.Value);
            }

            Schedule(now);
        }

        foreach (var waiter in granted)
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>When the waiter behind <paramref name="ahead"/> others could get a slot, if every request in flight
    /// were answered now (the earliest it can be).</summary>
    private DateTimeOffset EarliestSlot(DateTimeOffset now, int ahead)
    {
        // Slots that must free before this caller's: one for each waiter ahead and one for itself, less those free now.
        var free = _limit - _inFlight - _expiries.Count;
        var needed = ahead + 1 - free;
        DateTimeOffset slot;
        if (needed <= 0)
        {
            slot = now;
        }
        else if (needed <= _expiries.Count)
        {
            slot = _expiries[needed - 1];
        }
        else
        {
            slot = now + _window;
        }

        return slot > _blockedUntil ? slot : _blockedUntil;
    }

    private void Prune(DateTimeOffset now)
    {
        var expired = 0;
        while (expired < _expiries.Count && _expiries[expired] <= now)
        {
            expired++;
        }

        _expiries.RemoveRange(0, expired);
    }

    /// <summary>Arms the timer for the next moment a waiter could be served; called under the lock.</summary>
    private void Schedule(DateTimeOffset now)
    {
        if (_waiters.Count == 0)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var next = _blockedUntil > now ? _blockedUntil
            : _inFlight + _expiries.Count < _limit ? now
            : _expiries.Count > 0 ? _expiries[0]
            : (DateTimeOffset?)null;
        if (next is { } at)
        {
            var due = at - now;
            _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        else
        {
            // Every slot is held by a request in flight: Complete will reschedule.
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}

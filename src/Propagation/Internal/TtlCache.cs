using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Solvers.Propagation.Internal;

/// <summary>Values kept for the TTL of the records they came from, on a <see cref="TimeProvider"/> clock.</summary>
internal sealed class TtlCache<TKey, TValue> where TKey : notnull
{
    // Expired entries are only replaced when asked for again; sweep them once the cache holds this many.
    private const int SweepThreshold = 1024;

    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Expires)> _entries = new();
    private readonly TimeProvider _time;

    public TtlCache(TimeProvider time) => _time = time;

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > _time.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="ttl"/>; a TTL of zero keeps nothing.</summary>
    public void Set(TKey key, TValue value, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            _entries.TryRemove(key, out _);
            return;
        }

        var now = _time.GetUtcNow();
        if (_entries.Count >= SweepThreshold)
        {
            foreach (var (staleKey, entry) in _entries)
            {
                if (entry.Expires <= now)
                {
                    _entries.TryRemove(staleKey, out _);
                }
            }
        }

        _entries[key] = (value, now + ttl);
    }
}

using System.Globalization;

namespace Solvers.TestUtilities.Internal;

/// <summary>The fake's ConfigMaps and Secrets: one resourceVersion counter shared by all objects (like an etcd
/// revision), a bounded event history that watches resume from, and the open watches.</summary>
internal sealed class ObjectStore(TimeProvider time)
{
    /// <summary>Resource versions start here so that they look like real ones and small numbers are "too old".</summary>
    public const long InitialResourceVersion = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(ResourceType Type, string Namespace, string Name), StoredObject> _objects = [];
    private readonly List<WatchEvent> _history = [];
    private readonly List<WatchSubscription> _watches = [];
    private long _resourceVersion = InitialResourceVersion;
    private long _oldestWatchable = InitialResourceVersion;
    private int _historyLimit = 100;

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public int WatchCount
    {
        get
        {
            lock (_gate)
            {
                return _watches.Count;
            }
        }
    }

    public int HistoryLimit
    {
        get
        {
            lock (_gate)
            {
                return _historyLimit;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_gate)
            {
                _historyLimit = value;
                Trim();
            }
        }
    }

    public StoredObject? Get(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault((type, ns, name));
        }
    }

    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(ResourceType type, string ns, FieldSelector selector)
    {
        lock (_gate)
        {
            var items = _objects.Values
                .Where(o => o.Type == type && o.Namespace == ns && selector.Matches(o))
                .OrderBy(o => o.Name, StringComparer.Ordinal)
                .ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>Creates or replaces; a write that changes nothing is a no-op (no new resourceVersion, no event),
    /// as an unchanged update is in the real apiserver.</summary>
    public StoredObject Put(ResourceType type, string ns, string name, IReadOnlyDictionary<string, string>? stringData, IReadOnlyDictionary<string, byte[]>? binaryData, string? secretType)
    {
        lock (_gate)
        {
            var key = (type, ns, name);
            _objects.TryGetValue(key, out var existing);
            var candidate = new StoredObject(type, ns, name, existing?.Uid ?? Guid.NewGuid().ToString(), 0,
                existing?.CreationTimestamp ?? time.GetUtcNow(), stringData, binaryData, secretType);
            if (existing is not null && existing.SameContentAs(candidate))
            {
                return existing;
            }

            var stored = candidate with { ResourceVersion = ++_resourceVersion };
            _objects[key] = stored;
            Publish(new WatchEvent(existing is null ? WatchEvent.Added : WatchEvent.Modified, type, stored, stored.ResourceVersion));
            return stored;
        }
    }

    public bool Delete(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            if (!_objects.Remove((type, ns, name), out var existing))
            {
                return false;
            }

            // The DELETED event carries the last state, stamped with the deletion's resourceVersion.
            var deleted = existing with { ResourceVersion = ++_resourceVersion };
            Publish(new WatchEvent(WatchEvent.Deleted, type, deleted, deleted.ResourceVersion));
            return true;
        }
    }

    /// <summary>Sends a BOOKMARK at the current resourceVersion to every watch that asked for bookmarks.</summary>
    public void Bookmark()
    {
        lock (_gate)
        {
            foreach (var watch in _watches.Where(w => w.AllowBookmarks))
            {
                watch.Enqueue(new WatchEvent(WatchEvent.Bookmark, watch.Resource, null, _resourceVersion));
            }
        }
    }

    /// <summary>Queues a BOOKMARK at the current resourceVersion for one watch, behind any events already queued.</summary>
    public void Bookmark(WatchSubscription watch)
    {
        lock (_gate)
        {
            watch.Enqueue(new WatchEvent(WatchEvent.Bookmark, watch.Resource, null, _resourceVersion));
        }
    }

    /// <summary>Forgets all history: a watch from any resourceVersion older than the current one gets 410 Expired.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _oldestWatchable = _resourceVersion;
        }
    }

    /// <summary>Opens a watch on <paramref name="type"/> objects in <paramref name="ns"/> that match
    /// <paramref name="selector"/>; <paramref name="allowBookmarks"/> opts in to BOOKMARK events.</summary>
    /// <param name="type">ConfigMaps or Secrets.</param>
    /// <param name="ns">The namespace.</param>
    /// <param name="selector">The parsed field selector.</param>
    /// <param name="fromResourceVersion">Replay events after this version; null for "now".</param>
    /// <param name="sendInitialEvents">Start with a synthetic ADDED per existing object.</param>
    /// <param name="initialEventsEndBookmark">After the initial events, a BOOKMARK annotated
    /// <c>k8s.io/initial-events-end</c> (the <c>sendInitialEvents=true</c> protocol).</param>
    /// <param name="allowBookmarks">Whether the client asked for bookmarks.</param>
    public WatchStart StartWatch(ResourceType type, string ns, FieldSelector selector, long? fromResourceVersion, bool sendInitialEvents, bool allowBookmarks, bool initialEventsEndBookmark)
    {
        lock (_gate)
        {
            if (fromResourceVersion is { } tooLarge && tooLarge > _resourceVersion)
            {
                return new WatchStart(null, KubeStatus.TooLargeResourceVersion(tooLarge, _resourceVersion));
            }

            if (!sendInitialEvents && fromResourceVersion is { } from && from < _oldestWatchable)
            {
                return new WatchStart(null, KubeStatus.Expired(string.Create(CultureInfo.InvariantCulture, $"too old resource version: {from} ({_oldestWatchable})")));
            }

            var watch = new WatchSubscription(type, ns, selector, allowBookmarks);
            if (sendInitialEvents)
            {
                foreach (var item in _objects.Values.Where(watch.Wants).OrderBy(o => o.Name, StringComparer.Ordinal))
                {
                    watch.Enqueue(new WatchEvent(WatchEvent.Added, type, item, item.ResourceVersion));
                }

                if (initialEventsEndBookmark && allowBookmarks)
                {
                    watch.Enqueue(new WatchEvent(WatchEvent.Bookmark, type, null, _resourceVersion, InitialEventsEnd: true));
                }
            }
            else if (fromResourceVersion is { } since)
            {
                foreach (var past in _history.Where(e => e.ResourceVersion > since && e.Object is not null && watch.Wants(e.Object)))
                {
                    watch.Enqueue(past);
                }
            }

            _watches.Add(watch);
            return new WatchStart(watch, null);
        }
    }

    public void StopWatch(WatchSubscription watch)
    {
        lock (_gate)
        {
            _watches.Remove(watch);
        }

        watch.Complete();
    }

    private void Publish(WatchEvent watchEvent)
    {
        _history.Add(watchEvent);
        Trim();
        foreach (var watch in _watches)
        {
            if (watchEvent.Object is { } item && watch.Wants(item))
            {
                watch.Enqueue(watchEvent);
            }
        }
    }

    private void Trim()
    {
        while (_history.Count > _historyLimit)
        {
            _oldestWatchable = _history[0].ResourceVersion;
            _history.RemoveAt(0);
        }
    }
}

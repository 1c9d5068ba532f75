using System.Threading.Channels;

namespace Solvers.TestUtilities.Internal;

/// <summary>One open watch: what it selects and the queue of events not yet written to it.</summary>
internal sealed class WatchSubscription(ResourceType resource, string ns, FieldSelector selector, bool allowBookmarks)
{
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ResourceType Resource { get; } = resource;

    public bool AllowBookmarks { get; } = allowBookmarks;

    public ChannelReader<WatchEvent> Events => _events.Reader;

    public bool Wants(StoredObject item) =>
        item.Type == Resource && string.Equals(item.Namespace, ns, StringComparison.Ordinal) && selector.Matches(item);

    public void Enqueue(WatchEvent watchEvent) => _events.Writer.TryWrite(watchEvent);

    public void Complete() => _events.Writer.TryComplete();
}

namespace Solvers.TestUtilities.Internal;

/// <summary>Either an open subscription or the Status to send as the stream's only (ERROR) event.</summary>
internal sealed record WatchStart(WatchSubscription? Subscription, KubeStatus? Error);

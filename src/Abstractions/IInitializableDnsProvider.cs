namespace Solvers.Abstractions;

/// <summary>Optional start-up work of a provider, such as opening a listener or warming a cache.</summary>
/// <remarks>
/// The host calls <see cref="InitializeAsync"/> once, after start-up, and reports itself not ready until it completes.
/// A request that arrives earlier waits for it. If it throws, the host stops with the error, as a Kubernetes
/// post-start hook does.
/// </remarks>
public interface IInitializableDnsProvider
{
    /// <summary>Prepares the provider to serve requests.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}

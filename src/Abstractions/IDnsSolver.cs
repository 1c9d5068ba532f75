namespace Solvers.Abstractions;

/// <summary>The host's non-generic view of one registered provider: binds the config and calls it.</summary>
/// <remarks>Registered by <c>AddDnsProvider&lt;TProvider, TConfig&gt;()</c>; provider authors implement
/// <see cref="IDnsProvider{TConfig}"/> instead.</remarks>
public interface IDnsSolver
{
    /// <summary>The solver name; see <see cref="IDnsProvider{TConfig}.Name"/>.</summary>
    string Name { get; }

    /// <summary>Runs the provider's start-up work, if it has any (<see cref="IInitializableDnsProvider"/>).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Binds <see cref="SolveRequest.Config"/> and presents the value.</summary>
    /// <exception cref="DnsProviderException">The request, its config or the provider failed; the message explains.</exception>
    Task PresentAsync(SolveRequest request, CancellationToken cancellationToken);

    /// <summary>Binds <see cref="SolveRequest.Config"/> and removes the value.</summary>
    /// <exception cref="DnsProviderException">The request, its config or the provider failed; the message explains.</exception>
    Task CleanUpAsync(SolveRequest request, CancellationToken cancellationToken);
}

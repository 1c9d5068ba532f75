using Microsoft.Extensions.DependencyInjection;
using Solvers.Abstractions;

namespace Solvers.Conformance;

/// <summary>Drives an <see cref="IDnsProvider{TConfig}"/> in this process through the same adapter the host uses
/// (<c>AddDnsProvider&lt;TProvider, TConfig&gt;()</c>): the request's names are checked and its config bound strictly,
/// exactly as for a request that came over the wire.</summary>
public sealed class InProcessTarget : IChallengeTarget, IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IDnsSolver _solver;
    private readonly ConformanceSecrets _secrets;
    private readonly bool _allowAmbientCredentials;

    private InProcessTarget(ServiceProvider services, IDnsSolver solver, ConformanceSecrets secrets, bool allowAmbientCredentials)
    {
        _services = services;
        _solver = solver;
        _secrets = secrets;
        _allowAmbientCredentials = allowAmbientCredentials;
    }

    /// <inheritdoc />
    public string Description => $"provider {_solver.Name} (in-process)";

    /// <inheritdoc />
    public bool ObservesCancellation => true;

    /// <summary>The secrets the provider can read.</summary>
    public ConformanceSecrets Secrets => _secrets;

    /// <summary>Wraps <paramref name="provider"/>, which stays owned by the caller (it is not disposed here).</summary>
    /// <param name="provider">The provider under test.</param>
    /// <param name="secrets">What the provider may read; none when <see langword="null"/>.</param>
    /// <param name="allowAmbientCredentials">The requests' <c>allowAmbientCredentials</c>.</param>
    public static InProcessTarget Create<TProvider, TConfig>(TProvider provider, ConformanceSecrets? secrets = null, bool allowAmbientCredentials = false)
        where TProvider : class, IDnsProvider<TConfig>
        where TConfig : class
    {
        ArgumentNullException.ThrowIfNull(provider);
        var services = new ServiceCollection();
        services.AddSingleton(provider);
        new Builder(services).AddDnsProvider<TProvider, TConfig>();
        var container = services.BuildServiceProvider();
        var solver = container.GetServices<IDnsSolver>().Single();
        return new InProcessTarget(container, solver, secrets ?? new ConformanceSecrets(), allowAmbientCredentials);
    }

    /// <summary>Runs the provider's start-up work (<see cref="IInitializableDnsProvider"/>), if it has any.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) => _solver.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public Task PresentAsync(ConformanceChallenge challenge, CancellationToken cancellationToken) =>
        CallAsync(challenge, _solver.PresentAsync, cancellationToken);

    /// <inheritdoc />
    public Task CleanUpAsync(ConformanceChallenge challenge, CancellationToken cancellationToken) =>
        CallAsync(challenge, _solver.CleanUpAsync, cancellationToken);

    /// <summary>Releases the adapter; the provider itself is not disposed.</summary>
    public void Dispose() => _services.Dispose();

    private async Task CallAsync(ConformanceChallenge challenge, Func<SolveRequest, CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var request = new SolveRequest(
            Uid: string.Empty,
            challenge.DnsName,
            challenge.ResolvedFqdn,
            challenge.ResolvedZone,
            challenge.Key,
            _secrets.ResourceNamespace,
            _allowAmbientCredentials,
            challenge.Config,
            _secrets);
        try
        {
            await call(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The host reports every failure as a message in the Challenge's status; so do we.
            throw new ChallengeFailedException($"{_solver.Name}: {ex.Message}", ex);
        }
    }

    private sealed class Builder(IServiceCollection services) : ISolverBuilder
    {
        public IServiceCollection Services => services;
    }
}

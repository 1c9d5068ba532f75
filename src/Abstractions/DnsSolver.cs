namespace Solvers.Abstractions;

/// <summary>Adapts one <see cref="IDnsProvider{TConfig}"/> to <see cref="IDnsSolver"/>: checks the request's names,
/// binds the config, and waits for the provider's start-up work before the first call.</summary>
internal sealed class DnsSolver<TProvider, TConfig> : IDnsSolver
    where TProvider : class, IDnsProvider<TConfig>
    where TConfig : class
{
    private readonly TProvider _provider;
    private readonly Lazy<Task> _initialization;

    public DnsSolver(TProvider provider)
    {
        _provider = provider;
        _initialization = new Lazy<Task>(
            () => provider is IInitializableDnsProvider initializable
                ? initializable.InitializeAsync(CancellationToken.None)
                : Task.CompletedTask,
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name => _provider.Name;

    public Task InitializeAsync(CancellationToken cancellationToken) => _initialization.Value.WaitAsync(cancellationToken);

    public async Task PresentAsync(SolveRequest request, CancellationToken cancellationToken)
    {
        var (challenge, config) = Prepare(request);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _provider.PresentAsync(challenge, config, cancellationToken).ConfigureAwait(false);
    }

    public async Task CleanUpAsync(SolveRequest request, CancellationToken cancellationToken)
    {
        var (challenge, config) = Prepare(request);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _provider.CleanUpAsync(challenge, config, cancellationToken).ConfigureAwait(false);
    }

    private static (DnsChallenge Challenge, TConfig Config) Prepare(SolveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var challenge = ChallengeFactory.Create(request);
        var config = SolverConfigBinder.Bind<TConfig>(request.Config);
        return (challenge, config);
    }
}

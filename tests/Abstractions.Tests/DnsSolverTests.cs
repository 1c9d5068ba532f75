using Microsoft.Extensions.DependencyInjection;
using Solvers.Abstractions.Tests.Configs;
using Solvers.Abstractions.Tests.TestDoubles;

namespace Solvers.Abstractions.Tests;

public sealed class DnsSolverTests
{
    [Fact]
    public void AddDnsProvider_SameProviderTwice_RegistersOneSolver()
    {
        var builder = new TestSolverBuilder();

        builder.AddDnsProvider<RecordingProvider, TokenProviderConfig>().AddDnsProvider<RecordingProvider, TokenProviderConfig>();

        using var services = builder.Services.BuildServiceProvider();
        var solver = Assert.Single(services.GetServices<IDnsSolver>());
        Assert.Equal("recording", solver.Name);
        Assert.Single(builder.Services, d => d.ServiceType == typeof(RecordingProvider));
    }

    [Fact]
    public void AddDnsProvider_TwoProviders_RegistersBoth()
    {
        var builder = new TestSolverBuilder();

        builder.AddDnsProvider<RecordingProvider, TokenProviderConfig>().AddDnsProvider<GatedInitProvider, OptionalConfig>();

        using var services = builder.Services.BuildServiceProvider();
        Assert.Equal(["gated", "recording"], services.GetServices<IDnsSolver>().Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddDnsProvider_Provider_IsOneSingletonSharedWithTheSolver()
    {
        var builder = new TestSolverBuilder();
        builder.AddDnsProvider<RecordingProvider, TokenProviderConfig>();

        using var services = builder.Services.BuildServiceProvider();

        Assert.Same(services.GetRequiredService<RecordingProvider>(), services.GetRequiredService<RecordingProvider>());
        Assert.Same(services.GetRequiredService<IDnsSolver>(), services.GetRequiredService<IDnsSolver>());
    }

    [Fact]
    public void AddDnsProvider_NullBuilder_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => SolverBuilderExtensions.AddDnsProvider<RecordingProvider, TokenProviderConfig>(null!));
    }

    [Fact]
    public async Task PresentAsync_Request_CallsProviderWithChallengeAndBoundConfig()
    {
        using var services = Build<RecordingProvider, TokenProviderConfig>(out var solver);
        var provider = services.GetRequiredService<RecordingProvider>();

        await solver.PresentAsync(
            Requests.Create(resolvedFqdn: "_acme-challenge.www.example.com.", config: """{"apiTokenSecretRef":{"name":"cf","key":"token"},"ttl":120}"""),
            TestContext.Current.CancellationToken);

        var call = Assert.Single(provider.Calls);
        Assert.Equal("Present", call.Action);
        Assert.Equal("_acme-challenge.www", call.Challenge.RelativeName);
        Assert.Equal(Requests.Key, call.Challenge.Value);
        Assert.Equal("cf", call.Config.ApiTokenSecretRef.Name);
        Assert.Equal(120, call.Config.Ttl);
    }

    [Fact]
    public async Task CleanUpAsync_Request_CallsProviderCleanUp()
    {
        using var services = Build<RecordingProvider, TokenProviderConfig>(out var solver);
        var provider = services.GetRequiredService<RecordingProvider>();

        await solver.CleanUpAsync(Requests.Create(config: """{"apiTokenSecretRef":{"name":"cf","key":"token"}}"""), TestContext.Current.CancellationToken);

        var call = Assert.Single(provider.Calls);
        Assert.Equal("CleanUp", call.Action);
        Assert.Equal("_acme-challenge.example.com.", call.Challenge.Fqdn.Value);
    }

    [Fact]
    public async Task PresentAsync_InvalidConfig_FailsBeforeProviderIsCalled()
    {
        using var services = Build<RecordingProvider, TokenProviderConfig>(out var solver);
        var provider = services.GetRequiredService<RecordingProvider>();

        var ex = await Assert.ThrowsAsync<InvalidSolverConfigException>(
            () => solver.PresentAsync(Requests.Create(config: """{"tll":5}"""), TestContext.Current.CancellationToken));

        Assert.Contains("$.tll", ex.Message, StringComparison.Ordinal);
        Assert.Empty(provider.Calls);
    }

    [Fact]
    public async Task CleanUpAsync_MissingRequiredConfig_FailsBeforeProviderIsCalled()
    {
        using var services = Build<RecordingProvider, TokenProviderConfig>(out var solver);
        var provider = services.GetRequiredService<RecordingProvider>();

        var ex = await Assert.ThrowsAsync<InvalidSolverConfigException>(
            () => solver.CleanUpAsync(Requests.Create(config: null), TestContext.Current.CancellationToken));

        Assert.Contains("$.apiTokenSecretRef", ex.Message, StringComparison.Ordinal);
        Assert.Empty(provider.Calls);
    }

    [Fact]
    public async Task PresentAsync_InvalidNames_FailsBeforeProviderIsCalled()
    {
        using var services = Build<RecordingProvider, TokenProviderConfig>(out var solver);
        var provider = services.GetRequiredService<RecordingProvider>();

        await Assert.ThrowsAsync<DnsProviderException>(() => solver.PresentAsync(
            Requests.Create(resolvedZone: string.Empty, config: """{"apiTokenSecretRef":{"name":"cf","key":"token"}}"""),
            TestContext.Current.CancellationToken));

        Assert.Empty(provider.Calls);
    }

    [Fact]
    public async Task PresentAsync_InvalidConfigWhileInitializationPending_FailsWithoutWaiting()
    {
        using var services = Build<GatedInitProvider, OptionalConfig>(out var solver);
        var provider = services.GetRequiredService<GatedInitProvider>();

        // The gate is never released: the error must not wait for start-up work.
        await Assert.ThrowsAsync<InvalidSolverConfigException>(
            () => solver.PresentAsync(Requests.Create(config: """{"ttl":"x"}"""), TestContext.Current.CancellationToken));

        Assert.Equal(0, provider.PresentCalls);
    }

    [Fact]
    public async Task PresentAsync_SlowInitialization_WaitsForIt()
    {
        using var services = Build<GatedInitProvider, OptionalConfig>(out var solver);
        var provider = services.GetRequiredService<GatedInitProvider>();

        var present = solver.PresentAsync(Requests.Create(), TestContext.Current.CancellationToken);
        await provider.InitializationStarted.WaitAsync(TestContext.Current.CancellationToken);

        Assert.False(present.IsCompleted);
        Assert.Equal(0, provider.PresentCalls);

        provider.ReleaseInitialization();
        await present;

        Assert.Equal(1, provider.PresentCalls);
        Assert.False(provider.CalledBeforeInitialized);
    }

    [Fact]
    public async Task CleanUpAsync_SlowInitialization_WaitsForIt()
    {
        using var services = Build<GatedInitProvider, OptionalConfig>(out var solver);
        var provider = services.GetRequiredService<GatedInitProvider>();

        var cleanUp = solver.CleanUpAsync(Requests.Create(), TestContext.Current.CancellationToken);
        await provider.InitializationStarted.WaitAsync(TestContext.Current.CancellationToken);
        Assert.False(cleanUp.IsCompleted);

        provider.ReleaseInitialization();
        await cleanUp;

        Assert.Equal(1, provider.CleanUpCalls);
        Assert.False(provider.CalledBeforeInitialized);
    }

    [Fact]
    public async Task PresentAsync_ConcurrentFirstCalls_InitializeExactlyOnce()
    {
        using var services = Build<GatedInitProvider, OptionalConfig>(out var solver);
        var provider = services.GetRequiredService<GatedInitProvider>();
        const int callers = 16;
        using var start = new Barrier(callers);
        var cancellationToken = TestContext.Current.CancellationToken;

        var calls = Enumerable.Range(0, callers)
            .Select(i => Task.Factory.StartNew(
                () =>
                {
                    // Dedicated threads (LongRunning) so that all callers really race at the barrier.
                    start.SignalAndWait(cancellationToken);
                    return i % 3 == 0
                        ? solver.InitializeAsync(cancellationToken)
                        : i % 3 == 1
                            ? solver.PresentAsync(Requests.Create(), cancellationToken)
                            : solver.CleanUpAsync(Requests.Create(), cancellationToken);
                },
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap())
            .ToArray();

        await provider.InitializationStarted.WaitAsync(cancellationToken);
        Assert.Equal(0, provider.PresentCalls + provider.CleanUpCalls);

        provider.ReleaseInitialization();
        await Task.WhenAll(calls);

        Assert.Equal(1, provider.InitializeCalls);
        Assert.Equal(callers - ((callers + 2) / 3), provider.PresentCalls + provider.CleanUpCalls);
        Assert.False(provider.CalledBeforeInitialized);
    }

    [Fact]
    public async Task InitializeAsync_CalledAgainAfterCompletion_DoesNotReinitialize()
    {
        using var services = Build<GatedInitProvider, OptionalConfig>(out var solver);
        var provider = services.GetRequiredService<GatedInitProvider>();
        provider.ReleaseInitialization();

        await solver.InitializeAsync(TestContext.Current.CancellationToken);
        await solver.PresentAsync(Requests.Create(), TestContext.Current.CancellationToken);
        await solver.InitializeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, provider.InitializeCalls);
    }

    [Fact]
    public async Task PresentAsync_CanceledWhileWaitingForInitialization_ThrowsAndSkipsProvider()
    {
        using var services = Build<GatedInitProvider, OptionalConfig>(out var solver);
        var provider = services.GetRequiredService<GatedInitProvider>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var present = solver.PresentAsync(Requests.Create(), cts.Token);
        await provider.InitializationStarted.WaitAsync(TestContext.Current.CancellationToken);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => present);
        Assert.Equal(0, provider.PresentCalls);

        // A canceled waiter does not cancel the shared start-up work.
        provider.ReleaseInitialization();
        await solver.PresentAsync(Requests.Create(), TestContext.Current.CancellationToken);
        Assert.Equal(1, provider.InitializeCalls);
        Assert.Equal(1, provider.PresentCalls);
    }

    [Fact]
    public async Task PresentAsync_InitializationFailed_SurfacesTheFailure()
    {
        using var services = Build<GatedInitProvider, OptionalConfig>(out var solver);
        var provider = services.GetRequiredService<GatedInitProvider>();
        provider.FailInitialization(new InvalidOperationException("port in use"));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => solver.PresentAsync(Requests.Create(), TestContext.Current.CancellationToken));

        Assert.Equal("port in use", ex.Message);
        Assert.Equal(0, provider.PresentCalls);
    }

    [Fact]
    public async Task PresentAsync_NullRequest_Throws()
    {
        using var services = Build<RecordingProvider, TokenProviderConfig>(out var solver);

        await Assert.ThrowsAsync<ArgumentNullException>(() => solver.PresentAsync(null!, TestContext.Current.CancellationToken));
    }

    private static ServiceProvider Build<TProvider, TConfig>(out IDnsSolver solver)
        where TProvider : class, IDnsProvider<TConfig>
        where TConfig : class
    {
        var builder = new TestSolverBuilder();
        builder.AddDnsProvider<TProvider, TConfig>();
        var services = builder.Services.BuildServiceProvider();
        solver = services.GetRequiredService<IDnsSolver>();
        return services;
    }
}

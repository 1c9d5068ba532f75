using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Solvers.SolverHost.Hosting;

namespace Solvers.SolverHost.FunctionalTests.Infrastructure;

/// <summary>The real host (Kestrel, HTTPS, the whole pipeline) in this process on a free loopback port, with test
/// providers registered the way Program.cs registers real ones.</summary>
public sealed class InProcessHost : IAsyncDisposable
{
    public const string Group = "acme.solvers.test";

    private HttpClient? _client;

    private InProcessHost(WebApplication app, Uri baseAddress, DirectoryInfo stateDir)
    {
        App = app;
        BaseAddress = baseAddress;
        StateDir = stateDir;
    }

    /// <summary>The development PKI of this host: <c>ca.crt</c>, <c>client.crt</c> (system:masters), front-proxy files.</summary>
    public DirectoryInfo StateDir { get; }

    public string PkiFile(string name) => Path.Combine(StateDir.FullName, name);

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client authenticated as the development user; only when the development PKI is in use.</summary>
    public HttpClient Client => _client ??= CreateClient();

    public MemoryDnsProvider Memory => App.Services.GetRequiredService<MemoryDnsProvider>();

    public SlowDnsProvider Slow => App.Services.GetRequiredService<SlowDnsProvider>();

    public GatedInitDnsProvider Gated => App.Services.GetRequiredService<GatedInitDnsProvider>();

    public static Task<InProcessHost> StartAsync(params string[] extraArgs) => StartAsync(logs: null, extraArgs);

    /// <summary>Starts the host; <paramref name="logs"/> receives every log message at every level when given.</summary>
    public static async Task<InProcessHost> StartAsync(ILoggerProvider? logs, params string[] extraArgs)
    {
        var stateDir = Directory.CreateTempSubdirectory("solvers-state-");
        // The test providers write no DNS, so nothing is waited for (and no lookup leaves loopback).
        string[] args =
        [
            "--secure-port=0",
            $"--group-name={Group}",
            $"--state-dir={stateDir.FullName}",
            "--propagation-skip-solvers=memory,failing,slow,gated,crashing",
            "--dns01-recursive-nameservers=127.0.0.1:9",
            .. extraArgs,
        ];
        var builder = SolverHostBuilder.CreateBuilder(args);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        builder.Services.AddSolverHost(builder.Configuration)
            .AddDnsProvider<MemoryDnsProvider, MemoryConfig>()
            .AddDnsProvider<FailingDnsProvider, MemoryConfig>()
            .AddDnsProvider<SlowDnsProvider, MemoryConfig>()
            .AddDnsProvider<GatedInitDnsProvider, MemoryConfig>()
            .AddDnsProvider<CrashingDnsProvider, MemoryConfig>();
        var app = builder.Build();
        app.MapSolverApi();
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            stateDir.Delete(recursive: true);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessHost(app, new Uri(address), stateDir);
    }

    /// <summary>A client that trusts the host's certificate and authenticates as the development user (system:masters).</summary>
    public HttpClient CreateClient(Version? version = null) => WithBase(TestClients.Create(PkiFile("ca.crt"), PkiFile("client.crt"), PkiFile("client.key"), version));

    /// <summary>A client that trusts the host's certificate but presents the given certificate, or none.</summary>
    public HttpClient CreateClient(string? clientCertFile, string? clientKeyFile) => WithBase(TestClients.Create(PkiFile("ca.crt"), clientCertFile, clientKeyFile));

    private HttpClient WithBase(HttpClient client)
    {
        client.BaseAddress = BaseAddress;
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        StateDir.Delete(recursive: true);
    }
}

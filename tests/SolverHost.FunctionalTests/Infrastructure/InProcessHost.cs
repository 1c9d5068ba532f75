using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Solvers.SolverHost.Tls;
using Solvers.SolverHost.Hosting;

namespace Solvers.SolverHost.FunctionalTests.Infrastructure;

/// <summary>The real host (Kestrel, HTTPS, the whole pipeline) in this process on a free loopback port, with test
/// providers registered the way Program.cs registers real ones.</summary>
public sealed class InProcessHost : IAsyncDisposable
{
    public const string Group = "acme.solvers.test";

    private InProcessHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Client = CreateClient();
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public MemoryDnsProvider Memory => App.Services.GetRequiredService<MemoryDnsProvider>();

    public SlowDnsProvider Slow => App.Services.GetRequiredService<SlowDnsProvider>();

    public GatedInitDnsProvider Gated => App.Services.GetRequiredService<GatedInitDnsProvider>();

    public static async Task<InProcessHost> StartAsync(params string[] extraArgs)
    {
        string[] args = ["--secure-port=0", $"--group-name={Group}", .. extraArgs];
        var builder = SolverHostBuilder.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.AddSolverHost(builder.Configuration)
            .AddDnsProvider<MemoryDnsProvider, MemoryConfig>()
            .AddDnsProvider<FailingDnsProvider, MemoryConfig>()
            .AddDnsProvider<SlowDnsProvider, MemoryConfig>()
            .AddDnsProvider<GatedInitDnsProvider, MemoryConfig>()
            .AddDnsProvider<CrashingDnsProvider, MemoryConfig>();
        var app = builder.Build();
        app.MapSolverApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessHost(app, new Uri(address));
    }

    public HttpClient CreateClient(Version? version = null)
    {
        // Trust exactly the certificate this host serves (it is self-signed).
        var served = App.Services.GetRequiredService<ServingCertificateProvider>().Current.TargetCertificate.GetCertHashString();
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == served },
        };
        return new HttpClient(handler)
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}

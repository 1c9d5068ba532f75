using System.Text.Json;
using DnsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Solvers.Abstractions;

namespace Solvers.Providers.Embedded.Tests;

/// <summary>Registration, host options and the provider behind the host's <see cref="IDnsSolver"/> adapter.</summary>
public sealed class EmbeddedSolverBuilderExtensionsTests
{
    [Fact]
    public async Task PresentAsync_TtlZero_InvalidConfigNamingPath()
    {
        await using var services = BuildServices(o => o.Listen = "127.0.0.1:0");
        var solver = SingleSolver(services);

        var ex = await Assert.ThrowsAsync<InvalidSolverConfigException>(
            () => solver.PresentAsync(Request("""{"ttl": 0}"""), TestContext.Current.CancellationToken));

        Assert.Contains("$.ttl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PresentAsync_MisspelledField_InvalidConfigNamingUnknownField()
    {
        await using var services = BuildServices(o => o.Listen = "127.0.0.1:0");
        var solver = SingleSolver(services);

        var ex = await Assert.ThrowsAsync<InvalidSolverConfigException>(
            () => solver.PresentAsync(Request("""{"tll": 5}"""), TestContext.Current.CancellationToken));

        Assert.Contains("$.tll", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown field", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PresentAsync_ThroughAdapter_StartsServerAndServesValueWithConfiguredTtl()
    {
        await using var services = BuildServices(o => o.Listen = "127.0.0.1:0");
        var solver = SingleSolver(services);
        var provider = services.GetRequiredService<EmbeddedDnsProvider>();

        await solver.PresentAsync(Request("""{"ttl": 120}"""), TestContext.Current.CancellationToken);

        Assert.Equal("embedded", solver.Name);
        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), "_acme-challenge.www.example.test.", QueryType.TXT);
        var txt = Assert.Single(response.Answers.TxtRecords());
        Assert.Equal("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0", string.Concat(txt.Text));
        Assert.Equal(120, txt.InitialTimeToLive);

        await solver.CleanUpAsync(Request(null), TestContext.Current.CancellationToken);

        var after = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), "_acme-challenge.www.example.test.", QueryType.TXT);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, after.Header.ResponseCode);
    }

    [Fact]
    public async Task AddEmbeddedDns_ZonesFromConfiguration_ServesExactlyThose()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Solvers:Providers:Embedded:Listen"] = "127.0.0.1:0",
            ["Solvers:Providers:Embedded:Zones:0"] = "a.test",
            ["Solvers:Providers:Embedded:Zones:1"] = "B.test.",
        };
        await using var services = BuildServices(configure: null, configuration);
        var provider = services.GetRequiredService<EmbeddedDnsProvider>();
        await SingleSolver(services).InitializeAsync(TestContext.Current.CancellationToken);
        var endPoint = TestProvider.EndPointOf(provider);

        var a = await TestDns.QueryAsync(endPoint, "a.test.", QueryType.SOA);
        var b = await TestDns.QueryAsync(endPoint, "b.test.", QueryType.SOA);
        var defaultZone = await TestDns.QueryAsync(endPoint, "example.test.", QueryType.SOA);

        Assert.Equal("ns1.a.test.", Assert.Single(a.Answers.SoaRecords()).MName.Value);
        Assert.Single(b.Answers.SoaRecords());
        Assert.Equal(DnsHeaderResponseCode.Refused, defaultZone.Header.ResponseCode);
    }

    [Fact]
    public async Task AddEmbeddedDns_CalledTwice_RegistersOneSolver()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        var builder = new TestSolverBuilder(services);
        builder.AddEmbeddedDns().AddEmbeddedDns(o => o.Listen = "127.0.0.1:0");
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IDnsSolver>());
        Assert.Equal(["example.test."], provider.GetRequiredService<EmbeddedDnsProvider>().Store.Zones.Select(z => z.Value));
    }

    [Theory]
    [InlineData("Listen", "localhost:53", "Solvers:Providers:Embedded:Listen")]
    [InlineData("Zones:0", "bad..name", "Solvers:Providers:Embedded:Zones")]
    [InlineData("NameServer", "bad..name", "Solvers:Providers:Embedded:NameServer")]
    public async Task AddEmbeddedDns_InvalidHostOption_StartupValidationNamesTheKey(string key, string value, string expected)
    {
        var configuration = new Dictionary<string, string?> { ["Solvers:Providers:Embedded:" + key] = value };
        await using var services = BuildServices(configure: null, configuration);

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider BuildServices(Action<EmbeddedDnsOptions>? configure, Dictionary<string, string?>? configuration = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? []).Build());
        var builder = new TestSolverBuilder(services);
        if (configure is null)
        {
            builder.AddEmbeddedDns();
        }
        else
        {
            builder.AddEmbeddedDns(configure);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static IDnsSolver SingleSolver(IServiceProvider services) => Assert.Single(services.GetServices<IDnsSolver>());

    private static SolveRequest Request(string? config) => new(
        Uid: "3f0f1c1e-0000-4000-8000-000000000000",
        DnsName: "www.example.test",
        ResolvedFqdn: "_acme-challenge.www.example.test.",
        ResolvedZone: "example.test.",
        Key: "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0",
        ResourceNamespace: "cert-manager",
        AllowAmbientCredentials: false,
        Config: config is null ? null : JsonDocument.Parse(config).RootElement.Clone(),
        Secrets: new TestProvider.NoSecrets());

    /// <summary>Abstractions has no public builder; the host's is not referenced here.</summary>
    private sealed class TestSolverBuilder(IServiceCollection services) : ISolverBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}

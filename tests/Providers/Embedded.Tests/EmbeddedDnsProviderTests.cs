using System.Net;
using DnsClient;
using Solvers.Abstractions;

namespace Solvers.Providers.Embedded.Tests;

/// <summary>The provider contract (Present/CleanUp semantics, errors, start-up), observed over DNS.</summary>
public sealed class EmbeddedDnsProviderTests
{
    private const string Name = "_acme-challenge.example.test.";

    [Fact]
    public void Name_IsEmbedded()
    {
        using var provider = TestProvider.Create();

        Assert.Equal("embedded", provider.Name);
        Assert.Equal(EmbeddedSolver.Name, provider.Name);
    }

    [Fact]
    public async Task PresentAsync_Twice_OneValue()
    {
        await using var provider = await TestProvider.StartAsync();
        var challenge = TestProvider.Challenge(Name, "token");

        await provider.PresentAsync(challenge, TestProvider.Config(), TestContext.Current.CancellationToken);
        await provider.PresentAsync(challenge, TestProvider.Config(), TestContext.Current.CancellationToken);

        Assert.Equal(["token"], await TxtAsync(provider, Name));
    }

    [Fact]
    public async Task PresentAsync_ValuesDifferingOnlyInCase_BothKept()
    {
        await using var provider = await TestProvider.StartAsync();

        await provider.PresentAsync(TestProvider.Challenge(Name, "Token"), TestProvider.Config(), TestContext.Current.CancellationToken);
        await provider.PresentAsync(TestProvider.Challenge(Name, "token"), TestProvider.Config(), TestContext.Current.CancellationToken);

        Assert.Equal(["Token", "token"], await TxtAsync(provider, Name));
    }

    [Fact]
    public async Task CleanUpAsync_ValueAbsent_Succeeds()
    {
        await using var provider = await TestProvider.StartAsync();
        await provider.PresentAsync(TestProvider.Challenge(Name, "kept"), TestProvider.Config(), TestContext.Current.CancellationToken);

        await provider.CleanUpAsync(TestProvider.Challenge(Name, "never-presented"), TestProvider.Config(), TestContext.Current.CancellationToken);
        await provider.CleanUpAsync(TestProvider.Challenge("_acme-challenge.nothing.example.test.", "x"), TestProvider.Config(), TestContext.Current.CancellationToken);

        Assert.Equal(["kept"], await TxtAsync(provider, Name));
    }

    [Fact]
    public async Task CleanUpAsync_OtherValuesExist_RemovesOnlyItsOwn()
    {
        await using var provider = await TestProvider.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await provider.PresentAsync(TestProvider.Challenge(Name, "first"), TestProvider.Config(), ct);
        await provider.PresentAsync(TestProvider.Challenge(Name, "second"), TestProvider.Config(), ct);
        await provider.PresentAsync(TestProvider.Challenge(Name, "third"), TestProvider.Config(), ct);

        await provider.CleanUpAsync(TestProvider.Challenge(Name, "second"), TestProvider.Config(), ct);

        Assert.Equal(["first", "third"], await TxtAsync(provider, Name));
    }

    [Fact]
    public async Task PresentAsync_ZoneNotServed_ThrowsNamingZoneAndServedZones()
    {
        await using var provider = await TestProvider.StartAsync(o => o.Zones = ["example.test.", "other.test."]);
        var challenge = TestProvider.Challenge("_acme-challenge.example.org.", "v", zone: "example.org.");

        var present = await Assert.ThrowsAsync<DnsProviderException>(
            () => provider.PresentAsync(challenge, TestProvider.Config(), TestContext.Current.CancellationToken));
        var cleanUp = await Assert.ThrowsAsync<DnsProviderException>(
            () => provider.CleanUpAsync(challenge, TestProvider.Config(), TestContext.Current.CancellationToken));

        foreach (var message in new[] { present.Message, cleanUp.Message })
        {
            Assert.Contains("example.org.", message, StringComparison.Ordinal);
            Assert.Contains("example.test., other.test.", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PresentAsync_NonAsciiValue_ThrowsAndStoresNothing()
    {
        await using var provider = await TestProvider.StartAsync();

        var ex = await Assert.ThrowsAsync<DnsProviderException>(
            () => provider.PresentAsync(TestProvider.Challenge(Name, "v\u00e9"), TestProvider.Config(), TestContext.Current.CancellationToken));

        Assert.Contains("ASCII", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("v\u00e9", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await TxtAsync(provider, Name));
    }

    [Fact]
    public async Task PresentAsync_Canceled_ThrowsAndStoresNothing()
    {
        await using var provider = await TestProvider.StartAsync();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => provider.PresentAsync(TestProvider.Challenge(Name, "v"), TestProvider.Config(), cts.Token));

        Assert.Empty(await TxtAsync(provider, Name));
    }

    [Fact]
    public async Task CleanUpAsync_Canceled_ThrowsAndKeepsValue()
    {
        await using var provider = await TestProvider.StartAsync();
        await provider.PresentAsync(TestProvider.Challenge(Name, "v"), TestProvider.Config(), TestContext.Current.CancellationToken);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => provider.CleanUpAsync(TestProvider.Challenge(Name, "v"), TestProvider.Config(), cts.Token));

        Assert.Equal(["v"], await TxtAsync(provider, Name));
    }

    [Fact]
    public async Task PresentAsync_HundredConcurrentValuesThenConcurrentCleanUps_AllVisibleThenNone()
    {
        await using var provider = await TestProvider.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var values = Enumerable.Range(0, 100).Select(i => $"value-{i:D3}").ToList();

        await Task.WhenAll(values.Select(v => Task.Run(() => provider.PresentAsync(TestProvider.Challenge(Name, v), TestProvider.Config(), ct), ct)));

        Assert.Equal(values, (await TxtAsync(provider, Name)).Order(StringComparer.Ordinal));

        await Task.WhenAll(values.Select(v => Task.Run(() => provider.CleanUpAsync(TestProvider.Challenge(Name, v), TestProvider.Config(), ct), ct)));

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), Name, QueryType.TXT, tcp: true);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
        Assert.Empty(response.Answers);
    }

    [Fact]
    public async Task InitializeAsync_PortTaken_ThrowsNamingTheAddress()
    {
        await using var first = await TestProvider.StartAsync();
        var port = TestProvider.EndPointOf(first).Port;
        await using var second = TestProvider.Create(o => o.Listen = $"127.0.0.1:{port}");

        var ex = await Assert.ThrowsAsync<DnsProviderException>(() => second.InitializeAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"cannot listen on 127.0.0.1:{port}: address already in use", ex.Message, StringComparison.Ordinal);
        Assert.Null(second.EndPoint);
    }

    [Fact]
    public async Task DisposeAsync_RightAfterStart_ReleasesThePort()
    {
        var first = await TestProvider.StartAsync();
        var port = TestProvider.EndPointOf(first).Port;

        await first.DisposeAsync();
        await using var second = await TestProvider.StartAsync(o => o.Listen = $"127.0.0.1:{port}");

        Assert.Null(first.EndPoint);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), second.EndPoint);
        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(second), TestProvider.Zone, QueryType.SOA, tcp: true);
        Assert.Single(response.Answers.SoaRecords());
    }

    [Fact]
    public async Task InitializeAsync_Twice_KeepsTheFirstServer()
    {
        await using var provider = await TestProvider.StartAsync();
        var endPoint = provider.EndPoint;

        await provider.InitializeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(endPoint, provider.EndPoint);
    }

    [Fact]
    public async Task InitializeAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var provider = TestProvider.Create();
        await provider.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => provider.InitializeAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PresentAsync_NestedServedZones_AnsweredFromTheMostSpecificZone()
    {
        await using var provider = await TestProvider.StartAsync(o => o.Zones = ["example.test.", "sub.example.test."]);
        const string Fqdn = "_acme-challenge.sub.example.test.";
        await provider.PresentAsync(TestProvider.Challenge(Fqdn, "v", zone: "sub.example.test."), TestProvider.Config(), TestContext.Current.CancellationToken);

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), "x." + Fqdn, QueryType.TXT);

        Assert.Equal(["v"], await TxtAsync(provider, Fqdn));
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
        Assert.Equal("sub.example.test.", Assert.Single(response.Authorities.SoaRecords()).DomainName.Value);
    }

    private static async Task<List<string>> TxtAsync(EmbeddedDnsProvider provider, string name)
    {
        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), name, QueryType.TXT, tcp: true);
        Assert.True(response.Header.HasAuthorityAnswer);
        return [.. response.Answers.TxtRecords().Select(r => string.Concat(r.Text))];
    }
}

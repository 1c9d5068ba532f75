namespace Solvers.Providers.Cloudflare.Tests;

/// <summary>Present and CleanUp through the host over HTTPS, with the credential in a secret, against the fake API.</summary>
public sealed class CloudflareSolverTests
{
    [Fact]
    public async Task Present_ThenCleanUp_CreatesOneQuotedTxtRecordAndRemovesIt()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        var ct = TestContext.Current.CancellationToken;

        var present = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct);

        Assert.True(present.Success, present.Message);
        var record = Assert.Single(Scenario.Txt(fake));
        Assert.Equal($"\"{Scenario.Value(1)}\"", record.Content);
        Assert.Equal(60, record.Ttl);

        var cleanUp = await host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct);

        Assert.True(cleanUp.Success, cleanUp.Message);
        Assert.Empty(Scenario.Txt(fake));
        Assert.Empty(fake.SchemaProblems);
    }

    [Fact]
    public async Task CleanUp_TwoValuesAtOneName_RemovesOnlyItsOwn()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        var ct = TestContext.Current.CancellationToken;

        Assert.True((await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);
        Assert.True((await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(2), ct)).Success);
        Assert.Equal(2, Scenario.Txt(fake).Count);

        Assert.True((await host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);

        var left = Assert.Single(Scenario.Txt(fake));
        Assert.Equal($"\"{Scenario.Value(2)}\"", left.Content);
    }

    [Fact]
    public async Task PresentAndCleanUp_Repeated_AreIdempotent()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 3; i++)
        {
            var present = await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct);
            Assert.True(present.Success, present.Message);
        }

        Assert.Single(Scenario.Txt(fake));
        Assert.Single(fake.Exchanges, e => e.Method == "POST");

        for (var i = 0; i < 3; i++)
        {
            var cleanUp = await host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct);
            Assert.True(cleanUp.Success, cleanUp.Message);
        }

        Assert.Empty(Scenario.Txt(fake));
        Assert.Single(fake.Exchanges, e => e.Method == "DELETE");
    }

    [Fact]
    public async Task PresentAndCleanUp_UnrelatedRecords_AreUntouched()
    {
        await using var fake = await Scenario.StartFakeAsync();
        var value = Scenario.Value(1);
        var unrelated = new[]
        {
            fake.AddRecord(Scenario.Zone, "TXT", Scenario.RecordName, $"\"{value.ToUpperInvariant()}\""),   // differs in case only
            fake.AddRecord(Scenario.Zone, "TXT", Scenario.RecordName, $"\"x{value}\""),
            fake.AddRecord(Scenario.Zone, "TXT", "_acme-challenge.www.example.com", $"\"{value}\""),          // same value, other name
            fake.AddRecord(Scenario.Zone, "TXT", Scenario.Zone, "v=spf1 -all"),
            fake.AddRecord(Scenario.Zone, "A", Scenario.Zone, "192.0.2.1"),
            fake.AddRecord("example.org", "TXT", "_acme-challenge.example.org", $"\"{value}\""),
        };
        var before = fake.AllRecords().Where(r => unrelated.Contains(r.Id)).ToList();
        await using var host = await Scenario.StartHostAsync(fake);
        var ct = TestContext.Current.CancellationToken;

        Assert.True((await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", value, ct)).Success);
        Assert.Equal(3, Scenario.Txt(fake).Count);
        Assert.True((await host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", value, ct)).Success);

        Assert.Equal(before, fake.AllRecords());
    }

    [Fact]
    public async Task Present_ValueStoredUnquoted_IsRecognisedAndCleanedUp()
    {
        // cert-manager's built-in solver stores the value without quotes; a move to this solver must see it.
        await using var fake = await Scenario.StartFakeAsync();
        fake.AddRecord(Scenario.Zone, "TXT", Scenario.RecordName, Scenario.Value(1));
        await using var host = await Scenario.StartHostAsync(fake);
        var ct = TestContext.Current.CancellationToken;

        Assert.True((await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);
        Assert.Single(Scenario.Txt(fake));
        Assert.DoesNotContain(fake.Exchanges, e => e.Method == "POST");

        Assert.True((await host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);
        Assert.Empty(Scenario.Txt(fake));
    }

    [Fact]
    public async Task CleanUp_ValueOnSecondPage_IsFound()
    {
        await using var fake = await Scenario.StartFakeAsync();
        for (var i = 100; i < 250; i++)
        {
            fake.AddRecord(Scenario.Zone, "TXT", Scenario.RecordName, $"\"{Scenario.Value(i)}\"");
        }

        await using var host = await Scenario.StartHostAsync(fake);
        var ct = TestContext.Current.CancellationToken;

        Assert.True((await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);
        Assert.True((await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);
        Assert.Equal(151, Scenario.Txt(fake).Count);
        Assert.True((await host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);

        Assert.Equal(150, Scenario.Txt(fake).Count);
        Assert.DoesNotContain(Scenario.Txt(fake), r => r.Content.Contains(Scenario.Value(1), StringComparison.Ordinal));
        Assert.Contains(fake.Exchanges, e => e.Method == "GET" && e.Query.Any(q => q.Key == "page" && q.Value == "2"));
    }

    [Fact]
    public async Task Present_ResolvedZoneNotACloudflareZone_WalksUpToTheZone()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        var ct = TestContext.Current.CancellationToken;
        const string fqdn = "_acme-challenge.www.internal.example.com.";

        var present = await host.PresentAsync(Scenario.TokenConfig, fqdn, "internal.example.com.", Scenario.Value(1), ct);

        Assert.True(present.Success, present.Message);
        Assert.Single(fake.Records(Scenario.Zone), r => r.Name == "_acme-challenge.www.internal.example.com");
        Assert.True((await host.CleanUpAsync(Scenario.TokenConfig, fqdn, "internal.example.com.", Scenario.Value(1), ct)).Success);
        Assert.Empty(fake.Records(Scenario.Zone));
    }

    [Fact]
    public async Task PresentAndCleanUp_GlobalKeyWithEmail_Work()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        var ct = TestContext.Current.CancellationToken;

        Assert.True((await host.PresentAsync(Scenario.KeyConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);
        Assert.Single(Scenario.Txt(fake));
        Assert.True((await host.CleanUpAsync(Scenario.KeyConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct)).Success);
        Assert.Empty(Scenario.Txt(fake));
        Assert.Empty(fake.SchemaProblems);
    }

    [Fact]
    public async Task Present_ConfiguredTtl_IsSent()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        const string config = """{"apiTokenSecretRef":{"name":"cloudflare-api-token","key":"api-token"},"ttl":300}""";

        Assert.True((await host.PresentAsync(config, Scenario.Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken)).Success);

        Assert.Equal(300, Assert.Single(Scenario.Txt(fake)).Ttl);
    }

    [Fact]
    public async Task ZoneId_IsLookedUpOncePerCredential()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        var ct = TestContext.Current.CancellationToken;

        await Task.WhenAll(Enumerable.Range(1, 10).Select(i => host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(i), ct)));
        await host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct);

        Assert.Single(fake.Exchanges, e => e.Path == "/zones");
        Assert.Equal(9, Scenario.Txt(fake).Count);
    }
}

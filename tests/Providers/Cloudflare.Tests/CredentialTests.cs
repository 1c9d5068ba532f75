using Solvers.Testing.Cloudflare;

namespace Solvers.Providers.Cloudflare.Tests;

/// <summary>Every credential mistake gives a message that says what is wrong and where, and never the secret.</summary>
public sealed class CredentialTests
{
    private const string Fqdn = Scenario.Fqdn;

    [Fact]
    public async Task Present_TokenWithoutZoneRead_SaysZoneReadIsMissing()
    {
        await using var fake = await Scenario.StartFakeAsync();
        fake.AddToken(Scenario.OtherToken, TokenPermissions.DnsEdit);

        var answer = await PresentWithTokenAsync(fake, Scenario.OtherToken);

        Assert.False(answer.Success);
        Assert.Contains("cloudflare: zone example.com is not visible to the API token in secret cert-manager/cloudflare-api-token key api-token", answer.Message, StringComparison.Ordinal);
        Assert.Contains("missing Zone:Read (Zone / Zone / Read) on example.com", answer.Message, StringComparison.Ordinal);
        AssertNoSecret(answer, fake);
    }

    [Fact]
    public async Task Present_TokenWithoutDnsEdit_SaysDnsEditIsMissing()
    {
        await using var fake = await Scenario.StartFakeAsync();
        fake.AddToken(Scenario.OtherToken, TokenPermissions.ZoneRead | TokenPermissions.DnsRead);

        var answer = await PresentWithTokenAsync(fake, Scenario.OtherToken);

        Assert.False(answer.Success);
        Assert.Contains("creating the TXT record at _acme-challenge.example.com: the API token in secret cert-manager/cloudflare-api-token key api-token may not edit the DNS records of zone example.com", answer.Message, StringComparison.Ordinal);
        Assert.Contains("missing DNS:Edit (Zone / DNS / Edit) on example.com", answer.Message, StringComparison.Ordinal);
        Assert.Contains("10000 Authentication error", answer.Message, StringComparison.Ordinal);
        Assert.Single(fake.Exchanges, e => e.Method == "POST");
        AssertNoSecret(answer, fake);
    }

    [Fact]
    public async Task Present_TokenWithZoneReadOnly_SaysDnsEditIsMissing()
    {
        await using var fake = await Scenario.StartFakeAsync();
        fake.AddToken(Scenario.OtherToken, TokenPermissions.ZoneRead);

        var answer = await PresentWithTokenAsync(fake, Scenario.OtherToken);

        Assert.False(answer.Success);
        Assert.Contains("listing the TXT records at _acme-challenge.example.com", answer.Message, StringComparison.Ordinal);
        Assert.Contains("missing DNS:Edit (Zone / DNS / Edit) on example.com", answer.Message, StringComparison.Ordinal);
        AssertNoSecret(answer, fake);
    }

    [Fact]
    public async Task Present_TokenForAnotherZone_SaysZoneReadIsMissingOnThisZone()
    {
        await using var fake = await Scenario.StartFakeAsync();
        fake.AddToken(Scenario.OtherToken, TokenPermissions.Solver, zones: "example.org");

        var answer = await PresentWithTokenAsync(fake, Scenario.OtherToken);

        Assert.False(answer.Success);
        Assert.Contains("zone example.com is not visible to the API token", answer.Message, StringComparison.Ordinal);
        Assert.Contains("missing Zone:Read (Zone / Zone / Read) on example.com", answer.Message, StringComparison.Ordinal);
        Assert.Empty(Scenario.Txt(fake));
        AssertNoSecret(answer, fake);
    }

    [Fact]
    public async Task Present_UnknownToken_SaysTheTokenIsInvalid()
    {
        await using var fake = await Scenario.StartFakeAsync();

        var answer = await PresentWithTokenAsync(fake, Scenario.OtherToken);

        Assert.False(answer.Success);
        Assert.Contains("Cloudflare rejected the API token in secret cert-manager/cloudflare-api-token key api-token", answer.Message, StringComparison.Ordinal);
        Assert.Contains("9109 Invalid access token", answer.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid, active API token", answer.Message, StringComparison.Ordinal);
        Assert.Single(fake.Exchanges);
        AssertNoSecret(answer, fake);
    }

    [Fact]
    public async Task Present_GlobalKeyInTheTokenField_SaysTheTokenIsInvalid()
    {
        await using var fake = await Scenario.StartFakeAsync();

        var answer = await PresentWithTokenAsync(fake, Scenario.GlobalKey);

        Assert.False(answer.Success);
        Assert.Contains("not a valid, active API token", answer.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Scenario.GlobalKey, answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Present_WrongGlobalKey_SaysEmailAndKeyWereRejected()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        const string wrongKey = "fedcba9876543210fedcba9876543210fedcb";
        host.WriteSecret("cloudflare-api-key", "api-key", wrongKey);

        var answer = await host.PresentAsync(Scenario.KeyConfig, Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.False(answer.Success);
        Assert.Contains("Cloudflare rejected the email and the Global API Key in secret cert-manager/cloudflare-api-key key api-key", answer.Message, StringComparison.Ordinal);
        Assert.Contains("9103", answer.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, answer.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Messages, m => m.Contains(wrongKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Present_KeyWithoutEmail_IsAConfigError()
    {
        var answer = await PresentWithConfigAsync("""{"apiKeySecretRef":{"name":"cloudflare-api-key","key":"api-key"}}""");

        Assert.False(answer.Success);
        Assert.Equal("cloudflare: invalid webhook.config at $.email: email is required with apiKeySecretRef (the Global API Key goes with the account's email)", answer.Message);
    }

    [Fact]
    public async Task Present_TokenAndKey_IsAConfigError()
    {
        var answer = await PresentWithConfigAsync("""{"email":"ops@example.com","apiTokenSecretRef":{"name":"cloudflare-api-token","key":"api-token"},"apiKeySecretRef":{"name":"cloudflare-api-key","key":"api-key"}}""");

        Assert.False(answer.Success);
        Assert.Equal("cloudflare: invalid webhook.config at $.apiTokenSecretRef, $.apiKeySecretRef: set either apiTokenSecretRef or apiKeySecretRef, not both", answer.Message);
    }

    [Fact]
    public async Task Present_NoCredential_IsAConfigError()
    {
        var answer = await PresentWithConfigAsync("{}");

        Assert.False(answer.Success);
        Assert.StartsWith("cloudflare: invalid webhook.config at $.apiTokenSecretRef, $.apiKeySecretRef: one of apiTokenSecretRef", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Present_TtlOutOfRange_IsAConfigError()
    {
        var answer = await PresentWithConfigAsync("""{"apiTokenSecretRef":{"name":"cloudflare-api-token","key":"api-token"},"ttl":10}""");

        Assert.False(answer.Success);
        Assert.Equal("cloudflare: invalid webhook.config at $.ttl: must be 1 (automatic) or 30 to 86400 seconds (Cloudflare's limits), got 10", answer.Message);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task Present_SecretWithTrailingNewline_SaysSoWithoutCallingTheApi(string newline)
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        host.WriteSecret("cloudflare-api-token", "api-token", Scenario.Token + newline);

        var answer = await host.PresentAsync(Scenario.TokenConfig, Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.False(answer.Success);
        Assert.StartsWith("cloudflare: secret cert-manager/cloudflare-api-token key api-token ends with a newline", answer.Message, StringComparison.Ordinal);
        Assert.Contains("--from-file", answer.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Exchanges);
        AssertNoSecret(answer, fake);
    }

    [Fact]
    public async Task Present_SecretWithControlCharacter_SaysSoWithoutCallingTheApi()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        host.WriteSecret("cloudflare-api-token", "api-token", Scenario.Token[..10] + "\t" + Scenario.Token[10..]);

        var answer = await host.PresentAsync(Scenario.TokenConfig, Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.False(answer.Success);
        Assert.Equal("cloudflare: secret cert-manager/cloudflare-api-token key api-token contains a control character at position 11 of 41; an API credential is plain text on one line", answer.Message);
        Assert.Empty(fake.Exchanges);
    }

    [Fact]
    public async Task Present_MissingSecret_NamesIt()
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await TestHost.StartAsync(fake);

        var answer = await host.PresentAsync(Scenario.TokenConfig, Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);

        Assert.False(answer.Success);
        Assert.Contains("cloudflare-api-token", answer.Message, StringComparison.Ordinal);
        Assert.Contains("not found", answer.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Exchanges);
    }

    private static async Task<SolverAnswer> PresentWithTokenAsync(FakeCloudflareApi fake, string token)
    {
        await using var host = await Scenario.StartHostAsync(fake);
        host.WriteSecret("cloudflare-api-token", "api-token", token);
        var answer = await host.PresentAsync(Scenario.TokenConfig, Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(host.Logs.Messages, m => m.Contains(token, StringComparison.Ordinal));
        return answer;
    }

    private static async Task<SolverAnswer> PresentWithConfigAsync(string config)
    {
        await using var fake = await Scenario.StartFakeAsync();
        await using var host = await Scenario.StartHostAsync(fake);
        var answer = await host.PresentAsync(config, Fqdn, "example.com.", Scenario.Value(1), TestContext.Current.CancellationToken);
        Assert.Empty(fake.Exchanges);
        return answer;
    }

    private static void AssertNoSecret(SolverAnswer answer, FakeCloudflareApi fake)
    {
        foreach (var secret in new[] { Scenario.Token, Scenario.OtherToken, Scenario.GlobalKey })
        {
            Assert.DoesNotContain(secret, answer.Message ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.Empty(fake.SchemaProblems);
    }
}

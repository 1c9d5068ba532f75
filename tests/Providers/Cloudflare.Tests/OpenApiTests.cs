using Solvers.Testing.Cloudflare;

namespace Solvers.Providers.Cloudflare.Tests;

/// <summary>The schema walker finds real mistakes (so a clean check means something), and every kind of exchange the
/// solver and the fake have, errors included, fits the official description.</summary>
public sealed class OpenApiTests
{
    private static readonly Dictionary<string, string> _token = new() { ["Authorization"] = "Bearer " + Scenario.Token };
    private static readonly CloudflareOpenApi _api = CloudflareOpenApi.Instance;

    [Fact]
    public void CheckRequest_ValidCreate_HasNoProblems()
    {
        Assert.Empty(_api.CheckRequest("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records", [], _token,
            """{"type":"TXT","name":"_acme-challenge.example.com","content":"\"abc\"","ttl":60,"comment":"ACME DNS-01 challenge"}"""));
    }

    [Theory]
    [InlineData("""{"type":"TXT","name":"_acme-challenge.example.com","content":"abc","ttl":"60"}""", "$.ttl")]
    [InlineData("""{"type":"TXT","name":"_acme-challenge.example.com","ttl":60}""", "$.content: required")]
    [InlineData("""{"type":"BOGUS","name":"x","content":"abc"}""", "matches none of oneOf")]
    [InlineData("""{"type":"TXT","name":"x","content":"abc","ttl":99999}""", "$.ttl")]
    [InlineData("""{"type":"TXT","name":"x","content":"abc","tags":"owner:me"}""", "$.tags: expected array")]
    public void CheckRequest_BadCreateBody_IsFound(string body, string expected)
    {
        var problems = _api.CheckRequest("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records", [], _token, body);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void CheckRequest_QueryParameters_AreChecked()
    {
        var problems = _api.CheckRequest("GET", "/zones", [new("name", "example.com"), new("per_page", "500"), new("bogus", "1"), new("status", "sleeping")], _token, null);

        Assert.Contains(problems, p => p.Contains("query parameter per_page: $: 500 is above the maximum 50", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("query parameter bogus is not declared", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("query parameter status: $: \"sleeping\" is not one of", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckRequest_NoCredentialOrUnknownRoute_IsFound()
    {
        Assert.Contains(_api.CheckRequest("GET", "/zones", [], new Dictionary<string, string>(), null), p => p.Contains("no security requirement", StringComparison.Ordinal));
        Assert.Contains(_api.CheckRequest("GET", "/user/tokens/verify", [], _token, null), p => p.Contains("no such operation", StringComparison.Ordinal));
        Assert.Contains(_api.CheckRequest("GET", "/zones/" + new string('a', 40) + "/dns_records", [], _token, null), p => p.Contains("longer than 32", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"success":true,"errors":[],"messages":[],"result":[{"id":"a","name":"example.com"}]}""", "required")]
    [InlineData("""{"errors":[],"messages":[],"result":[]}""", "$.success: required")]
    [InlineData("""{"success":"yes","errors":[],"messages":[],"result":[]}""", "$.success: expected boolean")]
    [InlineData("""{"success":true,"errors":[{"code":12,"message":"x"}],"messages":[],"result":[]}""", "below the minimum 1000")]
    public void CheckResponse_BadZoneList_IsFound(string body, string expected)
    {
        var problems = _api.CheckResponse("GET", "/zones", 200, body);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void CheckResponse_FailureEnvelopeWithoutResult_IsFound()
    {
        var problems = _api.CheckResponse("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records", 400,
            """{"success":false,"errors":[{"code":81058,"message":"An identical record already exists."}],"messages":[]}""");

        Assert.Contains(problems, p => p.Contains("$.result: required", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckResponse_RecordWithReadOnlyFieldsMissing_IsFound()
    {
        var problems = _api.CheckResponse("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records", 200,
            """{"success":true,"errors":[],"messages":[],"result":{"id":"372e67954025e0ba6aaa6d586b9e0b59","type":"TXT","name":"x.example.com","content":"abc"}}""");

        Assert.Contains(problems, p => p.Contains("$.result.proxiable: required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("$.result.created_on: required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exchanges_OfEveryKind_FitTheDescription()
    {
        await using var fake = await Scenario.StartFakeAsync();
        fake.AddToken(Scenario.OtherToken, TokenPermissions.ZoneRead | TokenPermissions.DnsRead);
        await using var host = await Scenario.StartHostAsync(fake, new Dictionary<string, string?> { ["RetryBaseDelay"] = "00:00:00.010" });
        var ct = TestContext.Current.CancellationToken;

        await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(1), ct);
        await host.PresentAsync(Scenario.KeyConfig, Scenario.Fqdn, "example.com.", Scenario.Value(2), ct);
        fake.FailNext(1, FaultKind.ServerErrorAfterApply, 502, method: "POST");
        await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(3), ct);
        fake.FailNext(1, FaultKind.ServerErrorAfterApply, 502, method: "DELETE");
        await host.CleanUpAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(3), ct);
        fake.ThrottleNext(1, TimeSpan.FromSeconds(1));
        await host.CleanUpAsync(Scenario.KeyConfig, Scenario.Fqdn, "example.com.", Scenario.Value(2), ct);
        host.WriteSecret("cloudflare-api-token", "api-token", Scenario.OtherToken);
        await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(4), ct);
        host.WriteSecret("cloudflare-api-token", "api-token", "unknown-token-unknown-token-unknown-tok");
        await host.PresentAsync(Scenario.TokenConfig, Scenario.Fqdn, "example.com.", Scenario.Value(5), ct);
        host.WriteSecret("cloudflare-api-key", "api-key", "not-a-key");
        await host.PresentAsync(Scenario.KeyConfig, Scenario.Fqdn, "example.com.", Scenario.Value(6), ct);

        var exchanges = fake.Exchanges;
        Assert.Empty(fake.SchemaProblems);

        // The run covered every operation the solver uses and every kind of answer the fake gives.
        Assert.Contains(exchanges, e => e.Method == "GET" && e.Path == "/zones" && e.Status == 200);
        Assert.Contains(exchanges, e => e.Method == "GET" && e.Path.EndsWith("/dns_records", StringComparison.Ordinal) && e.Status == 200);
        Assert.Contains(exchanges, e => e.Method == "POST" && e.Status == 200);
        Assert.Contains(exchanges, e => e.Method == "POST" && e.Status == 400);
        Assert.Contains(exchanges, e => e.Method == "POST" && e.Status == 403);
        Assert.Contains(exchanges, e => e.Method == "DELETE" && e.Status == 200);
        Assert.Contains(exchanges, e => e.Method == "DELETE" && e.Status == 404);
        Assert.Contains(exchanges, e => e.Status == 429);
        Assert.Contains(exchanges, e => e.Status == 502);
        Assert.Contains(exchanges, e => e.Path == "/zones" && e.Status == 403);
        Assert.Contains(exchanges, e => e.Path == "/zones" && e.Status == 400);
    }
}

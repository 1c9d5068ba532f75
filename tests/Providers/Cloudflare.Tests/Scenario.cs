using Solvers.Testing.Cloudflare;

namespace Solvers.Providers.Cloudflare.Tests;

/// <summary>Credentials, zones and configs shared by the tests, and a helper to start a fake plus a host.</summary>
internal static class Scenario
{
    public const string Zone = "example.com";
    public const string Fqdn = "_acme-challenge.example.com.";
    public const string RecordName = "_acme-challenge.example.com";

    // The shapes of real credentials: a 40-character API token and a 37-character hex Global API Key.
    public const string Token = "tK7mN2pQ9rS4uV6wX8yZ1aB3cD5eF7gH9jK2mN4p";
    public const string OtherToken = "oT3hE4rT5oK6eN7vA8lU9eX0yZ1aB2cD3eF4gH5j";
    public const string GlobalKey = "0123456789abcdef0123456789abcdef01234";
    public const string Email = "ops@example.com";

    public const string TokenConfig = """{"apiTokenSecretRef":{"name":"cloudflare-api-token","key":"api-token"}}""";
    public const string KeyConfig = """{"email":"ops@example.com","apiKeySecretRef":{"name":"cloudflare-api-key","key":"api-key"}}""";

    /// <summary>43-character ACME-like values.</summary>
    public static string Value(int n) => $"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjE{n:000}";

    /// <summary>A fake with <see cref="Zone"/> and a second zone, a solver token, and the global key.</summary>
    public static async Task<FakeCloudflareApi> StartFakeAsync()
    {
        var fake = await FakeCloudflareApi.StartAsync(TestContext.Current.CancellationToken);
        fake.AddZone(Zone);
        fake.AddZone("example.org");
        fake.AddToken(Token, TokenPermissions.Solver);
        fake.AddGlobalKey(Email, GlobalKey);
        return fake;
    }

    public static async Task<TestHost> StartHostAsync(FakeCloudflareApi fake, IDictionary<string, string?>? settings = null, params string[] args)
    {
        var host = await TestHost.StartAsync(fake, settings, args);
        host.WriteSecret("cloudflare-api-token", "api-token", Token);
        host.WriteSecret("cloudflare-api-key", "api-key", GlobalKey);
        return host;
    }

    public static List<FakeDnsRecord> Txt(FakeCloudflareApi fake, string name = RecordName) =>
        [.. fake.Records(Zone).Where(r => r.Type == "TXT" && r.Name == name)];
}

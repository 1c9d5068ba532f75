using Solvers.Abstractions;
using Solvers.Testing.Cloudflare;

namespace Solvers.Conformance.Tests.Cloudflare;

/// <summary>The fake Cloudflare API on loopback with the zone under test, a token scoped to it, and records the
/// solver must leave alone; and how the kit observes it (the fake's records, as the API would list them).</summary>
public sealed class CloudflareFake : IAsyncDisposable
{
    public const string Zone = "cloudflare.example.test.";
    public const string SecretName = "cloudflare";
    public const string SecretKey = "api-token";
    public const string Token = "conformance-token-2b1f9c7e";

    private FakeCloudflareApi? _api;

    public FakeCloudflareApi Api => _api ?? throw new InvalidOperationException("the fake has not started");

    public static string Config => $$$"""{"apiTokenSecretRef": {"name": "{{{SecretName}}}", "key": "{{{SecretKey}}}"}}""";

    public static IReadOnlyList<BadConfig> BadConfigs =>
    [
        BadConfig.Parse($$$"""{"apiTokenSecretRef": {"name": "{{{SecretName}}}", "key": "{{{SecretKey}}}"}, "ttl": 5}""", "ttl"),
        BadConfig.Parse("""{"ttl": 60}""", "apiTokenSecretRef"),
    ];

    public async Task InitializeAsync()
    {
        _api = await FakeCloudflareApi.StartAsync(TestContext.Current.CancellationToken);
        var zone = Zone.TrimEnd('.');
        _api.AddZone(zone);
        _api.AddToken(Token, TokenPermissions.Solver, zones: zone);
        _api.AddRecord(zone, "A", "www." + zone, "192.0.2.1", ttl: 300);
        _api.AddRecord(zone, "TXT", zone, "\"v=spf1 -all\"", ttl: 300);
        _api.AddRecord(zone, "TXT", "_acme-challenge.www." + zone, "\"a value someone else presented\"", ttl: 60);
    }

    /// <summary>The TXT values at a name, without the quotes the API keeps around TXT content.</summary>
    public ITxtLookup Lookup() => TxtLookup.FromDelegate("the fake Cloudflare API's records", (name, _) => Task.FromResult(Values(name)));

    public IZoneSnapshot Snapshot() => ZoneSnapshot.FromDelegate("the fake Cloudflare API's zone listing",
        _ => Task.FromResult(Api.Records(Zone.TrimEnd('.')).Select(r => $"{r.Name} {r.Ttl} {r.Type} {r.Content}")));

    public ValueTask DisposeAsync() => _api?.DisposeAsync() ?? ValueTask.CompletedTask;

    private IReadOnlyList<string> Values(DnsName name) =>
    [
        .. Api.Records(Zone.TrimEnd('.'))
            .Where(r => r.Type == "TXT" && string.Equals(r.Name, name.WithoutTrailingDot, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Content is ['"', .. var inner, '"'] ? inner.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : r.Content),
    ];
}

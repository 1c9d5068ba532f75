using Solvers.Conformance.Tests.Reference;

namespace Solvers.Conformance.Tests;

/// <summary>The kit against its reference provider: every rule applies and passes, including the zone snapshot
/// and the missing secret.</summary>
public sealed class InMemoryConformanceTests : DnsProviderConformanceTests<InMemoryDnsProvider, InMemoryConfig>
{
    private const string Token = "reference-token-5f2c9a";

    protected override string Zone => "example.test.";

    protected override string? Config => $$"""{"tokenSecretRef": {"name": "{{InMemoryDnsProvider.SecretName}}", "key": "{{InMemoryDnsProvider.SecretKey}}"}, "ttl": 60}""";

    protected override ValueTask<InMemoryDnsProvider> CreateProviderAsync(CancellationToken cancellationToken) =>
        new(new InMemoryDnsProvider(new InMemoryZone(Zone), Token));

    protected override ITxtLookup CreateLookup(InMemoryDnsProvider provider) =>
        TxtLookup.FromDelegate("reference zone", (name, _) => Task.FromResult(provider.Zone.Values(name)));

    protected override void AddSecrets(ConformanceSecrets secrets) => secrets.Add(InMemoryDnsProvider.SecretName, InMemoryDnsProvider.SecretKey, Token);

    protected override IZoneSnapshot? CreateSnapshot(InMemoryDnsProvider provider) =>
        ZoneSnapshot.FromDelegate("reference zone listing", _ => Task.FromResult(provider.Zone.List()));

    protected override ConformanceOptions Configure(ConformanceOptions options) => options with
    {
        BadConfigs = [BadConfig.Parse("""{"tokenSecretRef": {"name": "memory-dns", "key": "token"}, "ttl": 0}""", "ttl")],
        PropagationTimeout = TimeSpan.FromSeconds(5),
    };
}

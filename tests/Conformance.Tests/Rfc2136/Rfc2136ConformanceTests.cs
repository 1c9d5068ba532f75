namespace Solvers.Conformance.Tests.Rfc2136;

/// <summary>The kit in-process against the rfc2136 provider on a real server of the tree.</summary>
public abstract class Rfc2136ConformanceTests(Rfc2136Tree shared) : DnsProviderConformanceTests<Providers.Rfc2136.Rfc2136DnsProvider, Providers.Rfc2136.Rfc2136Config>
{
    protected override string? Config => shared.Config(Zone);

    protected override ValueTask<Providers.Rfc2136.Rfc2136DnsProvider> CreateProviderAsync(CancellationToken cancellationToken) => new(new Providers.Rfc2136.Rfc2136DnsProvider());

    protected override ITxtLookup CreateLookup(Providers.Rfc2136.Rfc2136DnsProvider provider) => shared.Lookup();

    protected override void AddSecrets(ConformanceSecrets secrets) => secrets.Add(Rfc2136Tree.SecretName, Rfc2136Tree.SecretKey, shared.Tree.TsigKey.Secret);

    protected override IZoneSnapshot? CreateSnapshot(Providers.Rfc2136.Rfc2136DnsProvider provider) => shared.Snapshot(Zone);

    protected override ConformanceOptions Configure(ConformanceOptions options) => options with
    {
        BadConfigs = Rfc2136Tree.BadConfigs(Config!),
        PropagationTimeout = TimeSpan.FromSeconds(20),
    };
}

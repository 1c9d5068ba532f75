using Solvers.Conformance.Tests.Reference;

namespace Solvers.Conformance.Tests.Host;

/// <summary>The kit over the wire against the reference provider served by the host, whose config refers to a Secret
/// in <c>--secrets-dir</c>: the missing-secret rule runs through the host's own secret reading.</summary>
public sealed class MemoryWebhookConformanceTests(SolverHostFixture host) : WebhookConformanceTests
{
    protected override ValueTask<WebhookSettings> CreateSettingsAsync(CancellationToken cancellationToken) =>
        new(host.Settings("memory", $$$"""{"tokenSecretRef": {"name": "{{{InMemoryDnsProvider.SecretName}}}", "key": "{{{InMemoryDnsProvider.SecretKey}}}"}}"""));

    protected override ITxtLookup? CreateLookup(WebhookSettings settings) =>
        TxtLookup.FromDelegate("the host's reference zone", (name, _) => Task.FromResult(host.Memory.Zone.Values(name)));

    protected override ConformanceOptions Configure(ConformanceOptions options) => options with
    {
        Snapshot = ZoneSnapshot.FromDelegate("the host's reference zone listing", _ => Task.FromResult(host.Memory.Zone.List())),
        SecretValues = [SolverHostFixture.Token],
    };
}

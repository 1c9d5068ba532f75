using Solvers.Conformance.Tests.Host;

namespace Solvers.Conformance.Tests.Cloudflare;

/// <summary>The kit over the wire against the host's cloudflare solver on the fake API; the token is read by the host
/// from <c>--secrets-dir</c>.</summary>
public sealed class CloudflareWebhookConformanceTests(SolverHostFixture host) : WebhookConformanceTests
{
    protected override ValueTask<WebhookSettings> CreateSettingsAsync(CancellationToken cancellationToken) =>
        new(host.Settings("cloudflare", CloudflareFake.Config) with { Zone = CloudflareFake.Zone });

    protected override ITxtLookup? CreateLookup(WebhookSettings settings) => host.Cloudflare.Lookup();

    protected override ConformanceOptions Configure(ConformanceOptions options) => options with
    {
        Snapshot = host.Cloudflare.Snapshot(),
        BadConfigs = CloudflareFake.BadConfigs,
        SecretValues = [CloudflareFake.Token],
    };
}

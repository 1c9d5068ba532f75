namespace Solvers.Conformance.Tests.Host;

/// <summary>The kit over the wire against the host's embedded solver, observing DNS by asking the embedded server
/// on loopback directly, with the host's discovery documents and answers checked too.</summary>
public sealed class EmbeddedWebhookConformanceTests(SolverHostFixture host) : WebhookConformanceTests
{
    protected override ValueTask<WebhookSettings> CreateSettingsAsync(CancellationToken cancellationToken) =>
        new(host.Settings("embedded", """{"ttl": 60}""") with
        {
            BadConfigs = [new WebhookSettings.BadConfigSettings { Config = System.Text.Json.JsonElement.Parse("""{"ttl": 0}"""), Field = "ttl" }],
            Snapshot = new WebhookSettings.SnapshotSettings { Server = host.EmbeddedDns.ToString(), Names = [SolverHostFixture.Zone, "ns1." + SolverHostFixture.Zone] },
        });
}

using Solvers.Conformance.Tests.Host;

namespace Solvers.Conformance.Tests.Rfc2136;

/// <summary>The kit over the wire against the host's rfc2136 solver on a real server of the tree; the TSIG secret is
/// read by the host from <c>--secrets-dir</c>.</summary>
public abstract class Rfc2136WebhookConformanceTests(SolverHostFixture host, Rfc2136Tree shared) : WebhookConformanceTests
{
    protected abstract string Zone { get; }

    protected override async ValueTask<WebhookSettings> CreateSettingsAsync(CancellationToken cancellationToken)
    {
        await host.WriteSecretAsync(Rfc2136Tree.SecretName, Rfc2136Tree.SecretKey, shared.Tree.TsigKey.Secret);
        var config = shared.Config(Zone);
        return host.Settings("rfc2136", config) with { Zone = Zone, PropagationTimeoutSeconds = 20 };
    }

    protected override ITxtLookup? CreateLookup(WebhookSettings settings) => shared.Lookup();

    protected override ConformanceOptions Configure(ConformanceOptions options) => options with
    {
        Snapshot = shared.Snapshot(Zone),
        BadConfigs = Rfc2136Tree.BadConfigs(shared.Config(Zone)),
        SecretValues = [shared.Tree.TsigKey.Secret],
    };
}

using Solvers.Conformance.Tests.Host;
using Solvers.Testing.DnsServers;

namespace Solvers.Conformance.Tests.Rfc2136;

/// <summary>Over the wire, rfc2136 on Knot.</summary>
[Collection(Rfc2136TreeGroup.Name)]
public sealed class Rfc2136KnotWebhookConformanceTests(SolverHostFixture host, Rfc2136Tree shared) : Rfc2136WebhookConformanceTests(host, shared)
{
    protected override string Zone => DnsTestTree.KnotZone;
}

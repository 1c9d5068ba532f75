using Solvers.Testing.DnsServers;

namespace Solvers.Conformance.Tests.Rfc2136;

/// <summary>rfc2136 on Knot (<c>knot.test.</c>, Knot primary).</summary>
[Collection(Rfc2136TreeGroup.Name)]
public sealed class Rfc2136KnotConformanceTests(Rfc2136Tree shared) : Rfc2136ConformanceTests(shared)
{
    protected override string Zone => DnsTestTree.KnotZone;
}

using Solvers.Testing.DnsServers;

namespace Solvers.Conformance.Tests.Rfc2136;

/// <summary>rfc2136 on BIND9 (<c>example.test.</c>, with a Knot secondary that must follow).</summary>
[Collection(Rfc2136TreeGroup.Name)]
public sealed class Rfc2136BindConformanceTests(Rfc2136Tree shared) : Rfc2136ConformanceTests(shared)
{
    protected override string Zone => DnsTestTree.Zone;
}

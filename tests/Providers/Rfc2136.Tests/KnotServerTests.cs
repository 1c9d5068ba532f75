using System.Net;
using Solvers.Testing.DnsServers;

namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>Against Knot: <c>knot.test.</c>, whose primary is Knot (an ACL with the tree's key and action update).</summary>
[Collection(UpdateTreeGroup.Name)]
public sealed class KnotServerTests(UpdateTree shared) : Rfc2136ServerTests(shared)
{
    protected override string Zone => DnsTestTree.KnotZone;

    protected override string UnsignedRejection =>
        $"{Rfc2136.Format(Endpoint)} did not allow the update of zone {Zone} (NOTAUTH): it serves the zone, but its update policy does not allow "
        + "unsigned updates to change TXT records at {fqdn}; allow it in the server's configuration (BIND: allow-update or "
        + "update-policy; Knot: an ACL with action update)";

    protected override DnsTestServer Primary => DnsTestServer.Secondary;

    protected override IPEndPoint[] Authoritative => [Tree.Secondary[0]];

    protected override Task SettleAsync() => Task.CompletedTask;
}

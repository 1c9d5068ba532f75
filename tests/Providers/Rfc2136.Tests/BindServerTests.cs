using System.Net;
using Solvers.Testing.DnsServers;

namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>Against BIND9: <c>example.test.</c> on the primary (allow-update with the tree's key), with a Knot secondary
/// that follows on NOTIFY, so a value must reach both.</summary>
[Collection(UpdateTreeGroup.Name)]
public sealed class BindServerTests(UpdateTree shared) : Rfc2136ServerTests(shared)
{
    protected override string Zone => DnsTestTree.Zone;

    protected override string UnsignedRejection =>
        $"{Rfc2136.Format(Endpoint)} refused the update of zone {Zone} (REFUSED): its update policy does not allow unsigned updates to change "
        + "TXT records at {fqdn}, or it is not the zone's primary; allow it in the server's configuration (BIND: allow-update or "
        + "update-policy; Knot: an ACL with action update)";

    protected override DnsTestServer Primary => DnsTestServer.Primary;

    protected override IPEndPoint[] Authoritative => [Tree.Primary[0], Tree.Secondary[0]];

    protected override Task SettleAsync() => Tree.WaitForTransferAsync(TestContext.Current.CancellationToken);
}

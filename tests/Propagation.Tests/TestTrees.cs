using Solvers.Abstractions;
using Solvers.Propagation.Tests.Dns;

namespace Solvers.Propagation.Tests;

/// <summary>The trees most tests start from.</summary>
internal static class TestTrees
{
    public const string Fqdn = "_acme-challenge.www.example.test.";

    /// <summary>An ACME key authorization digest: base64url, so case matters.</summary>
    public const string Value = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";

    public static DnsName Name(string name) => DnsName.Parse(name);

    /// <summary><c>example.test.</c> served by ns1, ns2 and ns3 (one IPv4 address each), started.</summary>
    public static (DnsTree Tree, TestZone Zone, TestDnsServer[] Servers) ThreeNameservers()
    {
        var tree = new DnsTree();
        var zone = tree.Zone("example.test.");
        TestDnsServer[] servers =
        [
            tree.Nameserver("ns1.example.test.", [zone]),
            tree.Nameserver("ns2.example.test.", [zone]),
            tree.Nameserver("ns3.example.test.", [zone]),
        ];
        tree.Start();
        return (tree, zone, servers);
    }

    public static CancellationToken Token => TestContext.Current.CancellationToken;
}

namespace Solvers.Testing.DnsServers.Tests;

/// <summary>Starts a tree for one test: IPv4 only, so it never waits for the shared tree's [::1].</summary>
internal static class OwnTree
{
    public static Task<DnsTestTree> StartAsync(DnsTestTreeOptions? options = null) =>
        DnsTestTree.StartAsync((options ?? new DnsTestTreeOptions()) with { Ipv6 = false }, TestContext.Current.CancellationToken);
}

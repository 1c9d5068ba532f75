using Solvers.Abstractions;
using Solvers.Testing.DnsServers;

namespace Solvers.Propagation.IntegrationTests;

/// <summary>Starting trees, and checkers that ask them: always the tree's resolver and authoritative port.</summary>
internal static class Tree
{
    /// <summary>A tree of the test's own, IPv4 only unless <paramref name="ipv6"/>, so it never waits for [::1].</summary>
    public static Task<DnsTestTree> StartAsync(bool ipv6 = false) =>
        DnsTestTree.StartAsync(new DnsTestTreeOptions { Ipv6 = ipv6 }, TestContext.Current.CancellationToken);

    public static PropagationOptions Options(DnsTestTree tree) => new()
    {
        RecursiveNameservers = tree.Resolver,
        AuthoritativePort = tree.AuthoritativePort,
        QueryTimeout = TimeSpan.FromSeconds(2),
        Deadline = TimeSpan.FromSeconds(20),
    };

    public static PropagationChecker Checker(DnsTestTree tree, UnreachablePolicy unreachable = UnreachablePolicy.Block) =>
        new(Options(tree) with { Unreachable = unreachable });

    /// <summary>A fresh label, so tests sharing one tree never see each other's records.</summary>
    public static string UniqueLabel(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>A fresh challenge name in <paramref name="zone"/>.</summary>
    public static DnsName UniqueChallenge(string zone) => DnsName.Parse($"_acme-challenge.{UniqueLabel("t")}.{zone}");

    public static DnsName Name(string name) => DnsName.Parse(name);
}

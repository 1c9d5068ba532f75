namespace Solvers.Testing.DnsServers.Tests;

/// <summary>The xUnit collection of tests that share <see cref="SharedTree"/> (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SharedTreeGroup : ICollectionFixture<SharedTree>
{
    public const string Name = "shared DNS tree";
}

namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>The xUnit collection of the tests that share <see cref="UpdateTree"/>.</summary>
[CollectionDefinition(Name)]
public sealed class UpdateTreeGroup : ICollectionFixture<UpdateTree>
{
    public const string Name = "rfc2136 update tree";
}

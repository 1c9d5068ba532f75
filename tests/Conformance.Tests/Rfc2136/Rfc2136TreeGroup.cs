namespace Solvers.Conformance.Tests.Rfc2136;

/// <summary>The xUnit collection of the classes that share <see cref="Rfc2136Tree"/>.</summary>
[CollectionDefinition(Name)]
public sealed class Rfc2136TreeGroup : ICollectionFixture<Rfc2136Tree>
{
    public const string Name = "rfc2136 conformance tree";
}

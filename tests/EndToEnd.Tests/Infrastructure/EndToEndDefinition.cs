namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>Every end-to-end test shares one setup and runs one at a time: issuances at the same names must not overlap.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndDefinition : ICollectionFixture<EndToEndEnvironment>
{
    public const string Name = "end to end";
}

using Solvers.Conformance.Tests.Reference;

namespace Solvers.Conformance.Tests;

/// <summary>The xUnit wrapper over a provider that replaces values; run by hand from <see cref="BrokenProviderTests"/>,
/// never discovered (it is not public), since its failures are the point.</summary>
#pragma warning disable xUnit1000 // Deliberately hidden from discovery.
internal sealed class BrokenExtendedTests : DnsProviderConformanceTests<BrokenDnsProvider, InMemoryConfig>
#pragma warning restore xUnit1000
{
    protected override string Zone => "example.test.";

    protected override ValueTask<BrokenDnsProvider> CreateProviderAsync(CancellationToken cancellationToken) =>
        new(new BrokenDnsProvider(new InMemoryZone(Zone), Fault.ReplacesAllValues));

    protected override ITxtLookup CreateLookup(BrokenDnsProvider provider) =>
        TxtLookup.FromDelegate("broken provider's zone", (name, _) => Task.FromResult(provider.Zone.Values(name)));

    protected override ConformanceOptions Configure(ConformanceOptions options) => options with { PropagationTimeout = TimeSpan.FromSeconds(1) };
}

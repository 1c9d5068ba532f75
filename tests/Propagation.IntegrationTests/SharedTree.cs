using Solvers.Testing.DnsServers;

namespace Solvers.Propagation.IntegrationTests;

/// <summary>One IPv4-only tree for a test class whose tests only add records under unique names.</summary>
public sealed class SharedTree : IAsyncLifetime
{
    private DnsTestTree? _tree;

    public DnsTestTree Tree => _tree ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => _tree = await IntegrationTests.Tree.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_tree is not null)
        {
            await _tree.DisposeAsync();
        }
    }
}

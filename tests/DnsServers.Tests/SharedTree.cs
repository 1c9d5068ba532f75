namespace Solvers.Testing.DnsServers.Tests;

/// <summary>
/// One tree (with [::1]) for the tests that only add records under unique names. Tests that stop servers, refuse or
/// hold transfers start a tree of their own without IPv6, so they run alongside this one on another address block.
/// </summary>
public sealed class SharedTree : IAsyncLifetime
{
    private DnsTestTree? _tree;

    public DnsTestTree Tree => _tree ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => _tree = await DnsTestTree.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_tree is not null)
        {
            await _tree.DisposeAsync();
        }
    }
}

using Solvers.Testing.DnsServers;

namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>One IPv4-only test tree for every test that sends updates. The tests share it one after another
/// (<see cref="UpdateTreeGroup"/>), so a zone snapshot taken around a call sees only that call's changes.</summary>
public sealed class UpdateTree : IAsyncLifetime
{
    private DnsTestTree? _tree;

    public DnsTestTree Tree => _tree ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() =>
        _tree = await DnsTestTree.StartAsync(new DnsTestTreeOptions { Ipv6 = false }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_tree is not null)
        {
            await _tree.DisposeAsync();
        }
    }
}

using Solvers.EndToEnd.Tests.Infrastructure;
using Solvers.Testing.DnsServers;

namespace Solvers.EndToEnd.Tests;

/// <summary>
/// The baseline for the timings: certbot's own RFC 2136 plugin (Debian's python3-certbot-dns-rfc2136) against the same
/// BIND9 primary with the same key, validated by the same Pebble against the same secondary. It sends its updates
/// straight to the primary and then sleeps a fixed time instead of checking propagation.
/// </summary>
[Collection(EndToEndDefinition.Name)]
public sealed class CertbotRfc2136PluginTests(EndToEndEnvironment environment)
{
    /// <summary>The plugin's sleep before it answers the challenges (its default is 60 s). NOTIFY and IXFR bring a value
    /// to the secondary within milliseconds here, but up to about a second on a loaded machine; two seconds keep the
    /// baseline from failing while staying far below what users configure.</summary>
    private const int PropagationSeconds = 2;

    [Fact]
    public Task Certbot_OneName_IssuedAndNoValueLeft() => IssueAsync("one name", Scenarios.OneName);

    [Fact]
    public Task Certbot_WildcardAndApex_IssuedAndNoValueLeft() => IssueAsync("*.example.test + example.test", Scenarios.WildcardAndApex);

    [Fact]
    public Task Certbot_TenNames_IssuedAndNoValueLeft() => IssueAsync("ten names", Scenarios.TenNames);

    private async Task IssueAsync(string scenario, string[] domains)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var tree = environment.Tree;
        var pebble = environment.TreePebble;
        var before = await IssuanceAssert.ZoneAsync(tree, DnsTestServer.Primary, cancellationToken);

        var run = await Certbot.IssueWithRfc2136PluginAsync(
            environment.NewRunFolder("plugin"), pebble, environment.Pki.PebbleCaFile, environment.PluginCredentials, PropagationSeconds, domains, cancellationToken);

        await IssuanceAssert.IssuedAsync(environment, run, pebble, domains, cancellationToken);
        await IssuanceAssert.ZoneAsBeforeAsync(tree, before, cancellationToken);
        environment.Timings.Record(IssuanceTimings.Baseline, scenario, run);
    }
}

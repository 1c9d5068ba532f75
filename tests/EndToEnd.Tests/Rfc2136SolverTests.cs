using Solvers.EndToEnd.Tests.Infrastructure;
using Solvers.Testing.DnsServers;

namespace Solvers.EndToEnd.Tests;

/// <summary>
/// certbot gets certificates from Pebble through the host's rfc2136 solver: the hook presents each value to the host,
/// which sends a TSIG-signed update to the BIND9 primary with the key from <c>--secrets-dir</c> and answers once ns1
/// and ns2 serve it; Pebble validates against ns2, the Knot secondary, which has the value only by NOTIFY and IXFR.
/// </summary>
[Collection(EndToEndDefinition.Name)]
public sealed class Rfc2136SolverTests(EndToEndEnvironment environment)
{
    private const string Path = "host, rfc2136 solver";
    private const string Solver = "rfc2136";

    [Fact]
    public Task Certbot_OneName_IssuedAndNoValueLeft() => IssueAsync("one name", Scenarios.OneName);

    [Fact]
    public async Task Certbot_WildcardAndApex_BothValuesServedAtOneNameAndNoneLeft()
    {
        var run = await IssueAsync("*.example.test + example.test", Scenarios.WildcardAndApex);

        var presents = run.HookCalls.Where(c => c.Action == "Present").Select(c => c.Request).ToList();
        Assert.Equal(2, presents.Count);
        Assert.All(presents, p => Assert.Equal("_acme-challenge.example.test.", p.GetProperty("resolvedFQDN").GetString()));
        Assert.NotEqual(presents[0].GetProperty("key").GetString(), presents[1].GetProperty("key").GetString());
    }

    [Fact]
    public Task Certbot_TenNames_IssuedAndNoValueLeft() => IssueAsync("ten names", Scenarios.TenNames);

    [Fact]
    public async Task Certbot_BrokenTsigSecret_FailsWithTheHostsMessageAndLeavesTheZoneAlone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var tree = environment.Tree;
        var before = await IssuanceAssert.ZoneAsync(tree, DnsTestServer.Primary, cancellationToken);
        string[] domains = ["broken.example.test"];

        var run = await Certbot.IssueWithHookAsync(
            environment.NewRunFolder("rfc2136-broken"), environment.TreePebble, environment.Pki.PebbleCaFile,
            environment.Hook(Solver, environment.Rfc2136Config(EndToEndEnvironment.BrokenTsigSecretName)), domains, cancellationToken);

        Assert.False(run.Result.Succeeded, environment.Diagnostics(run, environment.TreePebble));
        Assert.False(File.Exists(run.CertificateFile));
        var output = run.Result.Output;
        // certbot shows the hook's error output, which is the host's status.message for the failed Present.
        Assert.Contains("Hook '--manual-auth-hook' for broken.example.test ran with error output", output, StringComparison.Ordinal);
        var primary = environment.PrimaryEndpoint;
        Assert.Contains(
            $"Present for broken.example.test failed: rfc2136: {primary.Address}:{primary.Port} found the TSIG signature of TSIG key {tree.TsigKey.Name} wrong (NOTAUTH, BADSIG)",
            output, StringComparison.Ordinal);
        Assert.Contains($"the secret in {EndToEndEnvironment.ResourceNamespace}/{EndToEndEnvironment.BrokenTsigSecretName} key {EndToEndEnvironment.TsigSecretKey}", output, StringComparison.Ordinal);
        var brokenSecret = await File.ReadAllTextAsync(environment.SecretFile(EndToEndEnvironment.BrokenTsigSecretName), cancellationToken);
        Assert.DoesNotContain(brokenSecret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(brokenSecret, environment.Host.Output, StringComparison.Ordinal);

        var present = Assert.Single(run.HookCalls, c => c.Action == "Present");
        Assert.Equal(201, present.Status);
        Assert.Equal(before, await IssuanceAssert.ZoneAsync(tree, DnsTestServer.Primary, cancellationToken));
    }

    private async Task<CertbotRun> IssueAsync(string scenario, string[] domains)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var tree = environment.Tree;
        var pebble = environment.TreePebble;
        var before = await IssuanceAssert.ZoneAsync(tree, DnsTestServer.Primary, cancellationToken);

        var run = await Certbot.IssueWithHookAsync(
            environment.NewRunFolder("rfc2136"), pebble, environment.Pki.PebbleCaFile,
            environment.Hook(Solver, environment.Rfc2136Config(EndToEndEnvironment.TsigSecretName)), domains, cancellationToken);

        await IssuanceAssert.IssuedAsync(environment, run, pebble, domains, cancellationToken);
        IssuanceAssert.EachNamePresentedThenCleanedUp(run, domains);
        await IssuanceAssert.ZoneAsBeforeAsync(tree, before, cancellationToken);
        environment.Timings.Record(Path, scenario, run);
        return run;
    }
}

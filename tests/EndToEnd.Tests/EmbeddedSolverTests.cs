using Solvers.EndToEnd.Tests.Infrastructure;

namespace Solvers.EndToEnd.Tests;

/// <summary>certbot gets certificates from Pebble through the host's embedded solver: the hook presents each value to
/// the host, and Pebble validates by asking the embedded DNS server the host runs on loopback.</summary>
[Collection(EndToEndDefinition.Name)]
public sealed class EmbeddedSolverTests(EndToEndEnvironment environment)
{
    private const string Path = "host, embedded solver";

    // As the provider's README shows it in a ClusterIssuer.
    private const string Config = """{"ttl":60}""";

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

    private async Task<CertbotRun> IssueAsync(string scenario, string[] domains)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pebble = environment.EmbeddedPebble;

        var run = await Certbot.IssueWithHookAsync(
            environment.NewRunFolder("embedded"), pebble, environment.Pki.PebbleCaFile, environment.Hook("embedded", Config), domains, cancellationToken);

        await IssuanceAssert.IssuedAsync(environment, run, pebble, domains, cancellationToken);
        IssuanceAssert.EachNamePresentedThenCleanedUp(run, domains);
        await IssuanceAssert.NothingLeftOnEmbeddedAsync(environment.Host.EmbeddedDns, domains, cancellationToken);
        environment.Timings.Record(Path, scenario, run);
        return run;
    }
}

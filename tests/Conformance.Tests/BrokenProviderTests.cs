using Solvers.Conformance.Tests.Reference;

namespace Solvers.Conformance.Tests;

/// <summary>The kit catches each deliberately broken provider, with a failure that names the broken rule and says
/// what went wrong, while the rules the provider keeps still pass.</summary>
public sealed class BrokenProviderTests
{
    private const string Zone = "example.test.";

    [Fact]
    public async Task Extended_WhenPresentReplacesAllValues_FailsNamingTheRule()
    {
        using var suite = Broken(Fault.ReplacesAllValues);

        var result = await suite.RunAsync(ConformanceRules.Extended);

        AssertFailed(result, "[extended]", "Present replaced the values instead of adding one");
        await AssertPassesAsync(suite, ConformanceRules.Basic);
    }

    [Fact]
    public async Task Concurrent_WhenPresentReplacesAllValues_FailsCountingLostValues()
    {
        using var suite = Broken(Fault.ReplacesAllValues);

        var result = await suite.RunAsync(ConformanceRules.Concurrent);

        AssertFailed(result, "[concurrent]", "after 20 concurrent Presents at one name, 19 values are not served");
    }

    [Fact]
    public async Task Extended_WhenCleanUpDeletesEveryValue_FailsNamingTheRule()
    {
        using var suite = Broken(Fault.DeletesAllValuesOnCleanUp);

        var result = await suite.RunAsync(ConformanceRules.Extended);

        AssertFailed(result, "[extended]", "after CleanUp of the second value, the first value is gone too: CleanUp removed values that were not its own");
        await AssertPassesAsync(suite, ConformanceRules.Basic);
    }

    [Fact]
    public async Task CleanUpAbsent_WhenCleanUpDeletesEveryValue_FailsNamingTheRule()
    {
        using var suite = Broken(Fault.DeletesAllValuesOnCleanUp);

        var result = await suite.RunAsync(ConformanceRules.CleanUpAbsent);

        AssertFailed(result, "[cleanup-absent]", "CleanUp of an absent value removed the value that was there");
    }

    [Fact]
    public async Task PresentTwice_WhenSecondPresentErrors_FailsNamingTheRule()
    {
        using var suite = Broken(Fault.SecondPresentFails);

        var result = await suite.RunAsync(ConformanceRules.PresentTwice);

        AssertFailed(result, "[present-twice]", "second Present of the same value (Present must be idempotent): Present of", "TXT already exists");
        await AssertPassesAsync(suite, ConformanceRules.Basic);
        await AssertPassesAsync(suite, ConformanceRules.Extended);
    }

    [Fact]
    public async Task CleanUpAbsent_WhenCleanUpOfAbsentValueErrors_FailsNamingTheRule()
    {
        using var suite = Broken(Fault.CleanUpOfAbsentFails);

        var result = await suite.RunAsync(ConformanceRules.CleanUpAbsent);

        AssertFailed(result, "[cleanup-absent]", "CleanUp at a name that has no value: CleanUp of", "TXT not found");
    }

    [Fact]
    public async Task Basic_WhenCleanUpOfAbsentValueErrors_FailsAtTheSecondCleanUp()
    {
        using var suite = Broken(Fault.CleanUpOfAbsentFails);

        var result = await suite.RunAsync(ConformanceRules.Basic);

        AssertFailed(result, "[basic]", "step 5, CleanUp again after the value is gone (cert-manager's deferred CleanUp)", "TXT not found");
        await AssertPassesAsync(suite, ConformanceRules.PresentTwice);
    }

    [Fact]
    public async Task Cancellation_WhenTokenIsIgnored_FailsNamingTheRule()
    {
        using var suite = Broken(Fault.IgnoresCancellation);

        var result = await suite.RunAsync(ConformanceRules.Cancellation);

        AssertFailed(result, "[cancellation]", "Present with an already cancelled token completed; it must throw OperationCanceledException");
        await AssertPassesAsync(suite, ConformanceRules.Basic);
    }

    [Fact]
    public async Task XunitWrapper_WhenRuleBreaks_FailsWithTheRulesMessage()
    {
        await using var tests = new BrokenExtendedTests();
        await tests.InitializeAsync();

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.FailException>(tests.Extended_TwoValuesRemoveOne_OtherStays);

        Assert.Contains("[extended] after Present of a second value at the name, the first is no longer served", failure.Message, StringComparison.Ordinal);
    }

    private static BrokenSuite Broken(Fault fault)
    {
        var provider = new BrokenDnsProvider(new InMemoryZone(Zone), fault);
        var target = InProcessTarget.Create<BrokenDnsProvider, InMemoryConfig>(provider);
        var lookup = TxtLookup.FromDelegate("broken provider's zone", (name, _) => Task.FromResult(provider.Zone.Values(name)));
        return new BrokenSuite(target, new ConformanceSuite(target, lookup, new ConformanceOptions
        {
            Zone = Zone,
            PropagationTimeout = TimeSpan.FromSeconds(1),
            CancellationGrace = TimeSpan.FromSeconds(5),
        }));
    }

    private static void AssertFailed(RuleResult result, params string[] fragments)
    {
        Assert.Equal(RuleOutcome.Failed, result.Outcome);
        Assert.StartsWith(fragments[0], result.Message, StringComparison.Ordinal);
        foreach (var fragment in fragments.Skip(1))
        {
            Assert.Contains(fragment, result.Message, StringComparison.Ordinal);
        }

        Assert.EndsWith($"(rule: {result.Rule.Contract})", result.Message, StringComparison.Ordinal);
    }

    private static async Task AssertPassesAsync(BrokenSuite suite, ConformanceRule rule)
    {
        var result = await suite.RunAsync(rule);
        Assert.True(result.Outcome == RuleOutcome.Passed, $"{rule.Id} should pass for this fault: {result}");
    }

    private sealed class BrokenSuite(InProcessTarget target, ConformanceSuite suite) : IDisposable
    {
        public Task<RuleResult> RunAsync(ConformanceRule rule) => suite.RunAsync(rule, TestContext.Current.CancellationToken);

        public void Dispose() => target.Dispose();
    }
}

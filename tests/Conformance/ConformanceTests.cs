using Xunit;

namespace Solvers.Conformance;

/// <summary>The kit's rules as xUnit tests: one test per rule, each a thin wrapper over
/// <see cref="ConformanceSuite.RunAsync(ConformanceRule, CancellationToken)"/>. A rule that does not apply is
/// skipped with its reason (never passed silently); a broken one fails with a message that names the rule.</summary>
/// <remarks>Subclass <see cref="DnsProviderConformanceTests{TProvider, TConfig}"/> (in-process) or
/// <see cref="WebhookConformanceTests"/> (over the wire) instead of this class.</remarks>
public abstract class ConformanceTests : IAsyncLifetime
{
    private ConformanceSuite? _suite;

    /// <summary>The suite the tests run; created in <see cref="InitializeAsync"/>.</summary>
    protected ConformanceSuite Suite => _suite ?? throw new InvalidOperationException("the suite is created in InitializeAsync");

    /// <summary>cert-manager Basic: present, visible, cleanup, gone, cleanup again.</summary>
    [Fact]
    public Task Basic_PresentVisibleCleanUpGoneCleanUpAgain() => RunRuleAsync(ConformanceRules.Basic);

    /// <summary>cert-manager Extended: two values, remove one, the other stays.</summary>
    [Fact]
    public Task Extended_TwoValuesRemoveOne_OtherStays() => RunRuleAsync(ConformanceRules.Extended);

    /// <summary>Present twice is one record.</summary>
    [Fact]
    public Task PresentTwice_IsOneRecord() => RunRuleAsync(ConformanceRules.PresentTwice);

    /// <summary>CleanUp of an absent value succeeds.</summary>
    [Fact]
    public Task CleanUp_WhenAbsent_Succeeds() => RunRuleAsync(ConformanceRules.CleanUpAbsent);

    /// <summary>Concurrent Presents at one name all visible, concurrent CleanUps leave none.</summary>
    [Fact]
    public Task Concurrent_PresentsAndCleanUps_AllApplied() => RunRuleAsync(ConformanceRules.Concurrent);

    /// <summary>Values at other names stay.</summary>
    [Fact]
    public Task UnrelatedRecords_AtOtherNames_Stay() => RunRuleAsync(ConformanceRules.UnrelatedRecords);

    /// <summary>The zone's other records are unchanged (needs a snapshot).</summary>
    [Fact]
    public Task Zone_OtherRecords_Unchanged() => RunRuleAsync(ConformanceRules.ZoneUnchanged);

    /// <summary>Cancellation honoured (in-process only).</summary>
    [Fact]
    public Task Cancellation_IsHonoured() => RunRuleAsync(ConformanceRules.Cancellation);

    /// <summary>A bad config field gives a message naming the field.</summary>
    [Fact]
    public Task BadConfig_MessageNamesField() => RunRuleAsync(ConformanceRules.BadConfigField);

    /// <summary>A missing secret gives a message naming the secret.</summary>
    [Fact]
    public Task MissingSecret_MessageNamesSecret() => RunRuleAsync(ConformanceRules.MissingSecret);

    /// <summary>Values are compared case-sensitively.</summary>
    [Fact]
    public Task Values_AreCaseSensitive() => RunRuleAsync(ConformanceRules.ValueCase);

    /// <summary>Names are compared case-insensitively, with and without the trailing dot.</summary>
    [Fact]
    public Task Names_AreCaseInsensitive() => RunRuleAsync(ConformanceRules.NameCase);

    /// <summary>Creates the suite the tests run.</summary>
    protected abstract ValueTask<ConformanceSuite> CreateSuiteAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="rule"/>: skips with the reason, or fails with the message.</summary>
    protected async Task RunRuleAsync(ConformanceRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var result = await Suite.RunAsync(rule, TestContext.Current.CancellationToken).ConfigureAwait(false);
        TestContext.Current.TestOutputHelper?.WriteLine($"{result} against {Suite.Target.Description}, observed through {Suite.Lookup.Description}");
        switch (result.Outcome)
        {
            case RuleOutcome.Skipped:
                Assert.Skip(result.Message);
                break;
            case RuleOutcome.Failed:
                Assert.Fail(result.Message);
                break;
        }
    }

    /// <summary>Creates the suite.</summary>
    public virtual async ValueTask InitializeAsync() => _suite = await CreateSuiteAsync(TestContext.Current.CancellationToken).ConfigureAwait(false);

    /// <summary>Releases what the subclass created.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the subclass created; nothing by default.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;
}

using Xunit;

namespace Solvers.Conformance;

/// <summary>The kit's rules against a webhook solver over HTTP (this host or any cert-manager webhook), plus its
/// discovery documents and the answers' shape.</summary>
/// <example>
/// <code>
/// public sealed class MyWebhookConformanceTests : WebhookConformanceTests
/// {
///     protected override ValueTask&lt;WebhookSettings&gt; CreateSettingsAsync(CancellationToken ct) =&gt;
///         new(WebhookSettings.Load("conformance.json"));
/// }
/// </code>
/// </example>
public abstract class WebhookConformanceTests : ConformanceTests
{
    private WebhookTarget? _target;

    /// <summary>Discovery: /apis, /apis/&lt;group&gt;, /apis/&lt;group&gt;/v1alpha1 name the solver.</summary>
    [Fact]
    public Task Discovery_NamesGroupVersionAndSolver() => RunRuleAsync(ConformanceRules.Discovery);

    /// <summary>Answers echo the ChallengePayload with response {uid, success}.</summary>
    [Fact]
    public Task Payload_IsEchoedWithResponse() => RunRuleAsync(ConformanceRules.WirePayload);

    /// <summary>Where the webhook is and how to reach it, what to send and how to observe DNS.</summary>
    protected abstract ValueTask<WebhookSettings> CreateSettingsAsync(CancellationToken cancellationToken);

    /// <summary>How the rules see what is served, when the settings' <c>dns</c> section cannot say it (e.g. a fake
    /// API's state); <see langword="null"/> (the default) uses the settings.</summary>
    protected virtual ITxtLookup? CreateLookup(WebhookSettings settings) => null;

    /// <summary>Adjusts the options made from the settings.</summary>
    protected virtual ConformanceOptions Configure(ConformanceOptions options) => options;

    /// <inheritdoc />
    protected sealed override async ValueTask<ConformanceSuite> CreateSuiteAsync(CancellationToken cancellationToken)
    {
        var settings = await CreateSettingsAsync(cancellationToken).ConfigureAwait(false);
        _target = settings.CreateTarget();
        var lookup = CreateLookup(settings) ?? settings.CreateLookup();
        return new ConformanceSuite(_target, lookup, Configure(settings.CreateOptions()));
    }

    /// <inheritdoc />
    protected override ValueTask DisposeAsyncCore()
    {
        _target?.Dispose();
        return base.DisposeAsyncCore();
    }
}

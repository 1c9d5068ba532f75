using System.Text.Json;
using Solvers.Abstractions;

namespace Solvers.Conformance;

/// <summary>The kit's rules against an <see cref="IDnsProvider{TConfig}"/> in this process. Subclass it in a few lines:</summary>
/// <example>
/// <code>
/// public sealed class EmbeddedConformanceTests : DnsProviderConformanceTests&lt;EmbeddedDnsProvider, EmbeddedConfig&gt;
/// {
///     protected override string Zone => "example.test.";
///     protected override ValueTask&lt;EmbeddedDnsProvider&gt; CreateProviderAsync(CancellationToken ct) =&gt; new(TestProvider.Create());
///     protected override ITxtLookup CreateLookup(EmbeddedDnsProvider provider) =&gt; new DnsServerTxtLookup(provider.EndPoint!);
/// }
/// </code>
/// </example>
/// <remarks>A new provider is created for each test and disposed after it, when it is disposable. Its start-up work
/// (<see cref="IInitializableDnsProvider"/>) runs before <see cref="CreateLookup"/>.</remarks>
/// <typeparam name="TProvider">The provider under test.</typeparam>
/// <typeparam name="TConfig">Its config type.</typeparam>
public abstract class DnsProviderConformanceTests<TProvider, TConfig> : ConformanceTests
    where TProvider : class, IDnsProvider<TConfig>
    where TConfig : class
{
    private TProvider? _provider;
    private InProcessTarget? _target;

    /// <summary>The zone the test records go in, e.g. <c>example.com.</c>. Use a dedicated zone for live runs.</summary>
    protected abstract string Zone { get; }

    /// <summary>The issuer's <c>webhook.config</c> as JSON, e.g. <c>{"apiTokenSecretRef": {"name": "cf", "key": "token"}}</c>;
    /// <see langword="null"/> (the default) sends none.</summary>
    protected virtual string? Config => null;

    /// <summary>Creates the provider under test.</summary>
    protected abstract ValueTask<TProvider> CreateProviderAsync(CancellationToken cancellationToken);

    /// <summary>How the rules see what is served, e.g. <c>new DnsServerTxtLookup(endPoint)</c> or an
    /// <see cref="AuthoritativeTxtLookup"/> with loopback resolvers.</summary>
    protected abstract ITxtLookup CreateLookup(TProvider provider);

    /// <summary>Adds the secrets the config refers to, e.g. <c>secrets.Add("cf", "token", "...")</c>.</summary>
    protected virtual void AddSecrets(ConformanceSecrets secrets)
    {
    }

    /// <summary>Capability: a listing of the zone's records for the zone-unchanged rule; none by default (skipped).</summary>
    protected virtual IZoneSnapshot? CreateSnapshot(TProvider provider) => null;

    /// <summary>Adjusts the options: timeouts, <see cref="ConformanceOptions.BadConfigs"/>, capabilities.</summary>
    protected virtual ConformanceOptions Configure(ConformanceOptions options) => options;

    /// <inheritdoc />
    protected sealed override async ValueTask<ConformanceSuite> CreateSuiteAsync(CancellationToken cancellationToken)
    {
        _provider = await CreateProviderAsync(cancellationToken).ConfigureAwait(false);
        var secrets = new ConformanceSecrets();
        AddSecrets(secrets);
        _target = InProcessTarget.Create<TProvider, TConfig>(_provider, secrets);
        await _target.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var options = Configure(new ConformanceOptions
        {
            Zone = Zone,
            Config = Config is { } json ? JsonElement.Parse(json) : null,
            Snapshot = CreateSnapshot(_provider),
            SecretValues = [.. secrets.Values],
        });
        return new ConformanceSuite(_target, CreateLookup(_provider), options);
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        _target?.Dispose();
        switch (_provider)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}

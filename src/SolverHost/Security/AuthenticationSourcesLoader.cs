using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using k8s;
using Microsoft.Extensions.Options;

namespace Solvers.SolverHost.Security;

/// <summary>Fills <see cref="AuthenticationSources"/>: CA bundles and header names from flags, and whatever the flags
/// leave open from ConfigMap <c>kube-system/extension-apiserver-authentication</c>, which the kube-apiserver
/// maintains. The ConfigMap is read at start (start-up fails if it cannot be, unless
/// <c>--authentication-tolerate-lookup-failure</c>) and then watched, so a rotated front-proxy CA applies at once.</summary>
internal sealed partial class AuthenticationSourcesLoader(
    AuthenticationSources sources,
    KubernetesClients clients,
    IOptions<SolverAuthenticationOptions> options,
    ILogger<AuthenticationSourcesLoader> logger) : BackgroundService
{
    public const string ConfigMapNamespace = "kube-system";
    public const string ConfigMapName = "extension-apiserver-authentication";

    private string? _resourceVersion;

    private bool UsesConfigMap =>
        clients.Authentication is not null && !options.Value.SkipLookup
        && (string.IsNullOrEmpty(options.Value.ClientCaFile) || string.IsNullOrEmpty(options.Value.RequestHeaderClientCaFile));

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Apply(null);
        if (UsesConfigMap)
        {
            try
            {
                var configMap = await clients.Authentication!.CoreV1.ReadNamespacedConfigMapAsync(ConfigMapName, ConfigMapNamespace, cancellationToken: cancellationToken);
                _resourceVersion = configMap.Metadata?.ResourceVersion;
                Apply(configMap.Data);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var message = $"cannot read ConfigMap {ConfigMapNamespace}/{ConfigMapName} ({TokenReviewer.Describe(ex)}); the host needs the Role " +
                    "extension-apiserver-authentication-reader in kube-system, or --authentication-skip-lookup with --client-ca-file and --requestheader-client-ca-file";
                if (!options.Value.TolerateLookupFailure)
                {
                    throw new InvalidOperationException(message, ex);
                }

                LookupFailed(logger, message);
            }
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!UsesConfigMap)
        {
            return;
        }

        var client = clients.Authentication!;
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var expired = false;
                await foreach (var (type, configMap) in client.CoreV1.WatchListNamespacedConfigMapAsync(
                    ConfigMapNamespace,
                    fieldSelector: $"metadata.name={ConfigMapName}",
                    resourceVersion: _resourceVersion,
                    allowWatchBookmarks: true,
                    timeoutSeconds: 300,
                    onError: ex => expired = true,
                    cancellationToken: stoppingToken))
                {
                    _resourceVersion = configMap.Metadata?.ResourceVersion ?? _resourceVersion;
                    if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        Apply(configMap.Data);
                        Reloaded(logger, ConfigMapNamespace, ConfigMapName, _resourceVersion ?? string.Empty);
                    }
                }

                if (expired)
                {
                    // 410 Gone or another watch error: list again from the current state.
                    var current = await client.CoreV1.ReadNamespacedConfigMapAsync(ConfigMapName, ConfigMapNamespace, cancellationToken: stoppingToken);
                    _resourceVersion = current.Metadata?.ResourceVersion;
                    Apply(current.Data);
                }

                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException ex) when (ex.InnerException is EndOfStreamException)
            {
                // The client library throws when a watch ends at timeoutSeconds without a line: just watch again.
            }
            catch (Exception ex)
            {
                WatchFailed(logger, ConfigMapNamespace, ConfigMapName, TokenReviewer.Describe(ex), backoff.TotalSeconds);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>Combines the flags with the ConfigMap's data (flags win) and publishes the result.</summary>
    private void Apply(IDictionary<string, string>? data)
    {
        var o = options.Value;
        var clientCa = LoadBundle(o.ClientCaFile) ?? ParseBundle(Value(data, "client-ca-file"));

        RequestHeaderSettings? requestHeader = null;
        if (LoadBundle(o.RequestHeaderClientCaFile) is { } flagged)
        {
            requestHeader = new RequestHeaderSettings(
                flagged,
                [.. o.RequestHeaderAllowedNames],
                Or(o.RequestHeaderUsernameHeaders, RequestHeaderSettings.DefaultUsernameHeaders),
                [.. o.RequestHeaderUidHeaders],
                Or(o.RequestHeaderGroupHeaders, RequestHeaderSettings.DefaultGroupHeaders),
                Or(o.RequestHeaderExtraHeadersPrefix, RequestHeaderSettings.DefaultExtraHeaderPrefixes));
        }
        else if (ParseBundle(Value(data, "requestheader-client-ca-file")) is { } fromConfigMap)
        {
            requestHeader = new RequestHeaderSettings(
                fromConfigMap,
                JsonList(data, "requestheader-allowed-names") ?? [],
                JsonList(data, "requestheader-username-headers") ?? RequestHeaderSettings.DefaultUsernameHeaders,
                JsonList(data, "requestheader-uid-headers") ?? [],
                JsonList(data, "requestheader-group-headers") ?? RequestHeaderSettings.DefaultGroupHeaders,
                JsonList(data, "requestheader-extra-headers-prefix") ?? RequestHeaderSettings.DefaultExtraHeaderPrefixes);
        }

        sources.Set(clientCa, requestHeader);
    }

    private static X509Certificate2Collection? LoadBundle(string? file)
    {
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        try
        {
            return ParseBundle(File.ReadAllText(file)) ?? throw new InvalidOperationException($"{file} holds no PEM certificate");
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"cannot read CA bundle {file}: {ex.Message}", ex);
        }
    }

    private static X509Certificate2Collection? ParseBundle(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(pem);
        return bundle.Count > 0 ? bundle : null;
    }

    private static string? Value(IDictionary<string, string>? data, string key) => data is not null && data.TryGetValue(key, out var value) ? value : null;

    private static List<string>? JsonList(IDictionary<string, string>? data, string key)
    {
        var value = Value(data, key);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<List<string>>(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string> Or(IList<string> configured, IReadOnlyList<string> defaults) => configured.Count > 0 ? [.. configured] : [.. defaults];

    [LoggerMessage(EventId = 50, Level = LogLevel.Warning, Message = "{Reason}; continuing because of --authentication-tolerate-lookup-failure")]
    private static partial void LookupFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 51, Level = LogLevel.Information, Message = "Authentication settings reloaded from ConfigMap {Namespace}/{Name} (resourceVersion {ResourceVersion})")]
    private static partial void Reloaded(ILogger logger, string @namespace, string name, string resourceVersion);

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning, Message = "Watching ConfigMap {Namespace}/{Name} failed ({Reason}); retrying in {Seconds}s with the last settings in force")]
    private static partial void WatchFailed(ILogger logger, string @namespace, string name, string reason, double seconds);
}

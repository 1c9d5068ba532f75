using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Solvers.Conformance;

/// <summary>Drives a cert-manager webhook solver over HTTP: <c>POST /apis/&lt;group&gt;/v1alpha1/&lt;solver&gt;</c> with a
/// <c>ChallengePayload</c> exactly as cert-manager sends one (no <c>apiVersion</c>/<c>kind</c>, an empty <c>uid</c>,
/// <c>type</c> <c>dns-01</c>), read the way cert-manager reads the answer.</summary>
/// <remarks>Works with any webhook, whatever it is written in: this host, webhook-example forks, a kube-apiserver
/// proxying to one.</remarks>
public sealed class WebhookTarget : IChallengeTarget, IDisposable
{
    /// <summary>The <c>Accept</c> header client-go sends.</summary>
    internal const string AcceptHeader = "application/json, */*";

    private readonly HttpClient _client;
    private readonly bool _ownsClient;

    /// <summary>Creates a target; <paramref name="client"/> carries the TLS settings and credentials.</summary>
    /// <param name="client">The client; its <see cref="HttpClient.BaseAddress"/> is ignored.</param>
    /// <param name="baseAddress">The server, e.g. <c>https://127.0.0.1:8443</c>.</param>
    /// <param name="groupName">The API group, e.g. <c>acme.solvers.test</c>.</param>
    /// <param name="solverName">The solver, e.g. <c>embedded</c>.</param>
    /// <param name="resourceNamespace">The requests' <c>resourceNamespace</c>, where the config's secrets live.</param>
    /// <param name="allowAmbientCredentials">The requests' <c>allowAmbientCredentials</c>.</param>
    /// <param name="ownsClient">Whether <see cref="Dispose"/> disposes <paramref name="client"/>.</param>
    public WebhookTarget(HttpClient client, Uri baseAddress, string groupName, string solverName, string resourceNamespace = "cert-manager",
        bool allowAmbientCredentials = false, bool ownsClient = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        ArgumentException.ThrowIfNullOrEmpty(solverName);
        ArgumentNullException.ThrowIfNull(resourceNamespace);
        _client = client;
        _ownsClient = ownsClient;
        BaseAddress = baseAddress;
        GroupName = groupName;
        SolverName = solverName;
        ResourceNamespace = resourceNamespace;
        AllowAmbientCredentials = allowAmbientCredentials;
    }

    /// <summary>The server, e.g. <c>https://127.0.0.1:8443</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The API group, e.g. <c>acme.solvers.test</c>.</summary>
    public string GroupName { get; }

    /// <summary>The solver (resource) name, e.g. <c>embedded</c>.</summary>
    public string SolverName { get; }

    /// <summary>The requests' <c>resourceNamespace</c>.</summary>
    public string ResourceNamespace { get; }

    /// <summary>The requests' <c>allowAmbientCredentials</c>.</summary>
    public bool AllowAmbientCredentials { get; }

    /// <summary>The solver's path, <c>/apis/&lt;group&gt;/v1alpha1/&lt;solver&gt;</c>.</summary>
    public string SolverPath => $"/apis/{GroupName}/v1alpha1/{SolverName}";

    /// <inheritdoc />
    public string Description => $"webhook {SolverName} at {new Uri(BaseAddress, SolverPath)}";

    /// <inheritdoc />
    public bool ObservesCancellation => false;

    /// <inheritdoc />
    public Task PresentAsync(ConformanceChallenge challenge, CancellationToken cancellationToken) =>
        CallAsync("Present", challenge, cancellationToken);

    /// <inheritdoc />
    public Task CleanUpAsync(ConformanceChallenge challenge, CancellationToken cancellationToken) =>
        CallAsync("CleanUp", challenge, cancellationToken);

    /// <summary>Disposes the client when this target owns it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <summary>The request body cert-manager would send, with a trailing newline as Go's encoder writes.</summary>
    internal string Payload(string action, ConformanceChallenge challenge, string uid)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("request");
            json.WriteString("uid", uid);
            json.WriteString("action", action);
            json.WriteString("type", "dns-01");
            json.WriteString("dnsName", challenge.DnsName);
            json.WriteString("key", challenge.Key);
            json.WriteString("resourceNamespace", ResourceNamespace);
            json.WriteString("resolvedFQDN", challenge.ResolvedFqdn);
            json.WriteString("resolvedZone", challenge.ResolvedZone);
            json.WriteBoolean("allowAmbientCredentials", AllowAmbientCredentials);
            if (challenge.Config is { ValueKind: not JsonValueKind.Undefined } config)
            {
                json.WritePropertyName("config");
                config.WriteTo(json);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Sends one ChallengePayload and returns the raw answer.</summary>
    internal async Task<WireAnswer> PostAsync(string action, ConformanceChallenge challenge, string uid, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, SolverPath))
        {
            Content = new StringContent(Payload(action, challenge, uid), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", AcceptHeader);
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs <paramref name="path"/> (a discovery document) with <c>Accept: application/json</c>.</summary>
    internal async Task<WireAnswer> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, path));
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<WireAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ChallengeFailedException($"{request.Method} {request.RequestUri}: no HTTP answer: {ex.Message}", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new WireAnswer(request.RequestUri!, response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
    }

    private async Task CallAsync(string action, ConformanceChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var answer = await PostAsync(action, challenge, uid: string.Empty, cancellationToken).ConfigureAwait(false);
        var problem = answer.ChallengeProblem();
        if (problem is not null)
        {
            throw new ChallengeFailedException(problem);
        }
    }

    /// <summary>An HTTP answer as received.</summary>
    internal sealed record WireAnswer(Uri Uri, HttpStatusCode Status, string? ContentType, string Body)
    {
        public bool IsSuccessStatus => (int)Status is >= 200 and < 300;

        public JsonDocument? TryParse()
        {
            try
            {
                return JsonDocument.Parse(Body);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>Why cert-manager would count this answer to a ChallengePayload as a failure, or null when it
        /// counts it as a success. Answers cert-manager would misread (no <c>response</c>, which makes it panic;
        /// <c>success:false</c> without a message, which it takes for success) are failures too.</summary>
        public string? ChallengeProblem()
        {
            using var document = TryParse();
            if (!IsSuccessStatus)
            {
                var message = document?.RootElement is { ValueKind: JsonValueKind.Object } root
                    && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : Shorten(Body);
                return $"HTTP {(int)Status} from {Uri.AbsolutePath}: {message}";
            }

            if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return $"HTTP {(int)Status} from {Uri.AbsolutePath} with a body that is not a JSON object: {Shorten(Body)}";
            }

            if (!document.RootElement.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
            {
                return $"HTTP {(int)Status} from {Uri.AbsolutePath} without a \"response\" object (cert-manager dereferences it and panics)";
            }

            if (response.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.True)
            {
                return null;
            }

            var text = response.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object
                && status.TryGetProperty("message", out var msg) && msg.ValueKind == JsonValueKind.String ? msg.GetString() : null;
            return string.IsNullOrEmpty(text)
                ? "response.success is not true but response.status.message is empty (cert-manager would take this for success)"
                : text;
        }

        private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Solvers.Abstractions;

namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>The four Cloudflare API v4 calls the solver makes, with the retry policy: every attempt takes a slot of
/// the credential's <see cref="RateBudget"/>; 429 blocks the budget for <c>retry-after</c>; 5xx answers, timeouts and
/// connection failures are retried with jittered exponential backoff; other 4xx answers are final. Any wait that would
/// end after the call's deadline fails at once.</summary>
/// <remarks>This is an explicit policy rather than the standard resilience handler because the handler's limiter,
/// breaker and retry delays are per HTTP client, while the budget here must be per credential and shared by all
/// requests; see the provider README.</remarks>
internal sealed class CloudflareApiClient
{
    private const int ZonesPerPage = 50;
    private const int RecordsPerPage = 100;
    private static readonly TimeSpan _maxRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _defaultRetryAfter = TimeSpan.FromSeconds(60);

    private readonly IHttpClientFactory _httpClients;
    private readonly CloudflareOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _baseUrl;

    public CloudflareApiClient(IHttpClientFactory httpClients, CloudflareOptions options, TimeProvider time, ILogger logger)
    {
        _httpClients = httpClients;
        _options = options;
        _time = time;
        _logger = logger;
        _baseUrl = options.BaseUrl.AbsoluteUri.TrimEnd('/');
    }

    /// <summary><c>GET /zones?name=</c>: the zones of that exact name the credential can see, all pages.</summary>
    public async Task<List<ZoneDto>> FindZonesAsync(ApiCall call, string name)
    {
        var zones = new List<ZoneDto>();
        for (var page = 1; ; page++)
        {
            var query = $"/zones?name={Uri.EscapeDataString(name)}&page={page}&per_page={ZonesPerPage}";
            var response = await SendAsync(call, HttpMethod.Get, query, body: null).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                throw new CloudflareApiException(response, $"looking up zone {name}");
            }

            var items = response.Envelope.Result.ValueKind == JsonValueKind.Array
                ? response.Envelope.Result.Deserialize<List<ZoneDto>>(ApiJson.Options) ?? []
                : [];
            zones.AddRange(items);
            if (!HasMorePages(response.Envelope.ResultInfo, page, items.Count, ZonesPerPage))
            {
                return zones;
            }
        }
    }

    /// <summary><c>GET /zones/{id}/dns_records?type=TXT&amp;name=</c>: every TXT record at the exact name, all pages.</summary>
    public async Task<List<RecordDto>> ListTxtAsync(ApiCall call, string zoneId, string name)
    {
        var records = new List<RecordDto>();
        for (var page = 1; ; page++)
        {
            var query = $"/zones/{Uri.EscapeDataString(zoneId)}/dns_records?type=TXT&name={Uri.EscapeDataString(name)}&page={page}&per_page={RecordsPerPage}";
            var response = await SendAsync(call, HttpMethod.Get, query, body: null).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                throw new CloudflareApiException(response, $"listing the TXT records at {name}");
            }

            var items = response.Envelope.Result.ValueKind == JsonValueKind.Array
                ? response.Envelope.Result.Deserialize<List<RecordDto>>(ApiJson.Options) ?? []
                : [];

            // The name filter is exact on the server; checking again costs nothing and guards against a looser match.
            records.AddRange(items.Where(r => r.Type == "TXT" && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)));
            if (!HasMorePages(response.Envelope.ResultInfo, page, items.Count, RecordsPerPage))
            {
                return records;
            }
        }
    }

    /// <summary><c>POST /zones/{id}/dns_records</c>. The answer is returned whatever it is; the caller decides.</summary>
    public Task<ApiResponse> CreateAsync(ApiCall call, string zoneId, CreateTxtRecord record) =>
        SendAsync(call, HttpMethod.Post, $"/zones/{Uri.EscapeDataString(zoneId)}/dns_records", record);

    /// <summary><c>DELETE /zones/{id}/dns_records/{id}</c>. The answer is returned whatever it is; the caller decides.</summary>
    public Task<ApiResponse> DeleteAsync(ApiCall call, string zoneId, string recordId) =>
        SendAsync(call, HttpMethod.Delete, $"/zones/{Uri.EscapeDataString(zoneId)}/dns_records/{Uri.EscapeDataString(recordId)}", body: null);

    private static bool HasMorePages(ResultInfo? info, int page, int count, int perPage) =>
        info?.TotalPages is { } total ? page < total : count >= perPage;

    private async Task<ApiResponse> SendAsync(ApiCall call, HttpMethod method, string pathAndQuery, object? body)
    {
        var cancellationToken = call.CancellationToken;
        var what = $"{method.Method} {PathOnly(pathAndQuery)}";
        var client = _httpClients.CreateClient(CloudflareSolver.HttpClientName);
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ApiJson.Options);
        var attempts = 0;
        var sent = 0;
        string? lastFailure = null;
        while (true)
        {
            var now = _time.GetUtcNow();
            if (now >= call.Deadline)
            {
                throw OutOfTime(call, what, sent, lastFailure);
            }

            if (await call.Budget.AcquireAsync(call.Deadline, cancellationToken).ConfigureAwait(false) is { } wait)
            {
                Log.BudgetExhausted(_logger, call.Uid, what, wait.TotalSeconds);
                throw new DnsProviderException(
                    $"the request budget of {call.Credential.Describe} ({call.Budget.Limit} requests per {Format(call.Budget.Window)}, "
                    + $"below Cloudflare's 1200 per 5 minutes) cannot serve {what} for another {Format(wait)}, past this call's "
                    + $"{Format(call.TimeBudget)} time budget; not sending it, cert-manager will retry");
            }

            attempts++;
            sent++;
            var completed = false;
            var attemptTimeout = Min(_options.RequestTimeout, call.Deadline - _time.GetUtcNow());
            using var timeout = new CancellationTokenSource(attemptTimeout > TimeSpan.Zero ? attemptTimeout : TimeSpan.FromMilliseconds(1), _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                using var request = new HttpRequestMessage(method, _baseUrl + pathAndQuery)
                {
                    // HTTP/2 where the server offers it: many concurrent calls share a few connections.
                    Version = HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                };
                call.Credential.Apply(request);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (payload is not null)
                {
                    request.Content = new ByteArrayContent(payload);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }

                HttpResponseMessage answer;
                string text;
                try
                {
                    answer = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
                    try
                    {
                        text = await answer.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        answer.Dispose();
                        throw;
                    }
                }
                finally
                {
                    // Answered or failed: the slot is held for one more window from now.
                    call.Budget.Complete();
                    completed = true;
                }

                using var response = answer;
                var status = (int)response.StatusCode;
                if (status == 429)
                {
                    var retryAfter = RetryAfter(response) ?? _defaultRetryAfter;
                    var until = _time.GetUtcNow() + retryAfter;
                    call.Budget.BlockUntil(until);
                    Log.Throttled(_logger, call.Uid, what, retryAfter.TotalSeconds);
                    if (until > call.Deadline)
                    {
                        throw new DnsProviderException(
                            $"Cloudflare is rate-limiting {call.Credential.Describe} (429 on {what}, retry-after {Format(retryAfter)}), "
                            + $"longer than is left of this call's {Format(call.TimeBudget)} time budget; the solver holds every request of "
                            + "this credential back until then, and cert-manager will retry");
                    }

                    // Waited out in the budget, which every request of this credential now queues behind; not an attempt.
                    attempts--;
                    lastFailure = "429 Too Many Requests";
                    continue;
                }

                if (status >= 500)
                {
                    lastFailure = $"{status} {response.ReasonPhrase}".TrimEnd();
                }
                else
                {
                    return new ApiResponse(status, Parse(text, status, what));
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                lastFailure = $"no answer within {Format(attemptTimeout)}";
            }
            catch (HttpRequestException ex)
            {
                lastFailure = ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError}: {ex.Message}";
            }
            finally
            {
                if (!completed)
                {
                    // Failed before anything was sent (a header the handler refused, say).
                    call.Budget.Return();
                }
            }

            if (attempts >= _options.MaxAttempts)
            {
                throw new DnsProviderException(
                    $"{what} at the Cloudflare API failed {attempts} times (last: {lastFailure}); cert-manager will retry");
            }

            var delay = Backoff(attempts);
            if (_time.GetUtcNow() + delay >= call.Deadline)
            {
                throw OutOfTime(call, what, sent, lastFailure);
            }

            Log.Retrying(_logger, call.Uid, what, lastFailure!, attempts, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DnsProviderException OutOfTime(ApiCall call, string what, int sent, string? lastFailure) =>
        new($"{what} at the Cloudflare API did not succeed within this call's {Format(call.TimeBudget)} time budget "
            + $"({sent} attempt(s){(lastFailure is null ? string.Empty : ", last: " + lastFailure)}); cert-manager will retry");

    private TimeSpan Backoff(int attempt)
    {
        // Full jitter (a uniformly random delay up to the exponential step) spreads the retries of many callers.
        var step = _options.RetryBaseDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        var cap = step < _maxRetryDelay ? step : _maxRetryDelay;
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return cap * Random.Shared.NextDouble();
#pragma warning restore CA5394
    }

    private static Envelope Parse(string text, int status, string what)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(text, ApiJson.Options);
            if (envelope is not null)
            {
                return envelope;
            }
        }
        catch (JsonException)
        {
        }

        if (status is >= 200 and < 300)
        {
            throw new DnsProviderException($"{what}: the Cloudflare API answered {status} without its JSON envelope; is the base URL right?");
        }

        // A 4xx without the envelope (a proxy's page, say): keep the status for the message.
        return new Envelope { Success = false, Errors = [] };
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string PathOnly(string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? pathAndQuery : pathAndQuery[..query];
    }

    internal static string Format(TimeSpan span) =>
        span.TotalSeconds >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(span.TotalSeconds):0}s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(span.TotalMilliseconds):0}ms");
}

using System.ComponentModel.DataAnnotations;

namespace Solvers.Providers.Cloudflare;

/// <summary>Host settings of the <c>cloudflare</c> solver, bound from <c>Solvers:Providers:Cloudflare</c>. They are
/// host-level on purpose: an issuer cannot point the solver (and its credential) at another URL.</summary>
public sealed class CloudflareOptions
{
    /// <summary>The API's base URL, <c>https://api.cloudflare.com/client/v4</c>; change it only for a proxy or a test API.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.cloudflare.com/client/v4");

    /// <summary>Requests each credential may send per <see cref="RateWindow"/>. Cloudflare allows 1200 per 5 minutes
    /// per user, shared with the dashboard and other clients; the default leaves them 200.</summary>
    [Range(1, 100_000)]
    public int RateLimit { get; set; } = 1000;

    /// <summary>The sliding window of <see cref="RateLimit"/>, 5 minutes as Cloudflare counts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one Present or CleanUp may take, waits for the rate budget included. A wait that would end
    /// later fails at once with a message, and cert-manager retries. Keep it below the host's <c>--solver-timeout</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Timeout of one HTTP request; a timed-out request is retried like a 5xx answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per request for 5xx answers, timeouts and connection failures (429 answers are waited out
    /// within <see cref="TimeBudget"/> instead). Other 4xx answers are never retried.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry's delay; each further one doubles it, with full jitter, up to 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);
}

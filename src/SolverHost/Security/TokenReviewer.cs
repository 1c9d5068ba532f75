using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Solvers.SolverHost.Security;

/// <summary>Bearer tokens checked by a TokenReview to the kube-apiserver, answers cached for
/// <c>--authentication-token-webhook-cache-ttl</c> (errors never cached). Tokens are kept only as SHA-256 hashes.</summary>
internal sealed class TokenReviewer(KubernetesClients clients, IOptions<SolverAuthenticationOptions> options, TimeProvider time)
{
    private static readonly TimeSpan _requestTimeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (KubernetesUser? User, string? Error, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public bool Enabled => clients.Authentication is not null;

    /// <summary>The user, or null with a reason when the token is not valid or could not be checked.</summary>
    public async Task<(KubernetesUser? User, string? Error)> ReviewAsync(string token, CancellationToken cancellationToken)
    {
        var client = clients.Authentication ?? throw new InvalidOperationException("no kube-apiserver to review tokens");
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return (cached.User, cached.Error);
        }

        V1TokenReview answer;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_requestTimeout);
            answer = await client.AuthenticationV1.CreateTokenReviewAsync(
                new V1TokenReview { ApiVersion = "authentication.k8s.io/v1", Kind = "TokenReview", Spec = new V1TokenReviewSpec { Token = token } },
                cancellationToken: timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, $"the token could not be verified: TokenReview to the kube-apiserver failed ({Describe(ex)})");
        }

        var result = answer.Status is { Authenticated: true, User: { } user }
            ? (new KubernetesUser(
                user.Username ?? string.Empty,
                user.Uid ?? string.Empty,
                [.. user.Groups ?? []],
                (user.Extra ?? new Dictionary<string, IList<string>>()).ToDictionary(e => e.Key, e => (IReadOnlyList<string>)[.. e.Value], StringComparer.Ordinal)), (string?)null)
            : ((KubernetesUser?)null, $"the token was not accepted by the kube-apiserver{(string.IsNullOrEmpty(answer.Status?.Error) ? string.Empty : ": " + answer.Status.Error)}");
        _cache[key] = (result.Item1, result.Item2, now + options.Value.TokenWebhookCacheTtl);
        Prune(now);
        return result;
    }

    internal static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "no answer within 10s",
        k8s.Autorest.HttpOperationException http => $"HTTP {(int)http.Response.StatusCode}",
        _ => ex.Message,
    };

    private void Prune(DateTimeOffset now)
    {
        if (_cache.Count < 1024)
        {
            return;
        }

        foreach (var entry in _cache.Where(e => e.Value.Expires <= now))
        {
            _cache.TryRemove(entry.Key, out _);
        }
    }
}

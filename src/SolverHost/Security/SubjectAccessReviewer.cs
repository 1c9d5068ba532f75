using System.Collections.Concurrent;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Solvers.SolverHost.Security;

/// <summary>Asks the kube-apiserver whether a user may do something (SubjectAccessReview), with separate caches for
/// allowed and denied answers, as the Go apiserver's delegated authorizer does. Errors are never cached.</summary>
internal sealed class SubjectAccessReviewer(KubernetesClients clients, IOptions<SolverAuthorizationOptions> options, TimeProvider time)
{
    private static readonly TimeSpan _requestTimeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (Decision Decision, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public bool Enabled => clients.Authorization is not null;

    public async Task<Decision> ReviewAsync(KubernetesUser user, RequestAttributes attributes, CancellationToken cancellationToken)
    {
        var client = clients.Authorization ?? throw new InvalidOperationException("no kube-apiserver to authorize with");
        var spec = new V1SubjectAccessReviewSpec
        {
            User = user.Name,
            Uid = string.IsNullOrEmpty(user.Uid) ? null : user.Uid,
            Groups = [.. user.Groups],
            Extra = user.Extra.Count == 0 ? null : user.Extra.ToDictionary(e => e.Key, e => (IList<string>)[.. e.Value]),
            ResourceAttributes = attributes.IsResourceRequest
                ? new V1ResourceAttributes
                {
                    Verb = attributes.Verb,
                    Group = attributes.Group,
                    Version = attributes.Version,
                    Resource = attributes.Resource,
                    Name = attributes.Name,
                    Subresource = attributes.Subresource,
                }
                : null,
            NonResourceAttributes = attributes.IsResourceRequest ? null : new V1NonResourceAttributes { Path = attributes.Path, Verb = attributes.Verb },
        };

        var key = JsonSerializer.Serialize(new object?[] { spec.User, spec.Uid, spec.Groups, spec.Extra, attributes });
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return cached.Decision;
        }

        V1SubjectAccessReview answer;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_requestTimeout);
            answer = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(
                new V1SubjectAccessReview { ApiVersion = "authorization.k8s.io/v1", Kind = "SubjectAccessReview", Spec = spec },
                cancellationToken: timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Decision(false, true, $"the SubjectAccessReview to the kube-apiserver failed ({TokenReviewer.Describe(ex)})");
        }

        var allowed = answer.Status is { Allowed: true } && answer.Status.Denied != true;
        var decision = new Decision(allowed, false, answer.Status?.Reason);
        var ttl = allowed ? options.Value.WebhookCacheAuthorizedTtl : options.Value.WebhookCacheUnauthorizedTtl;
        _cache[key] = (decision, now + ttl);
        if (_cache.Count > 4096)
        {
            foreach (var entry in _cache.Where(e => e.Value.Expires <= now))
            {
                _cache.TryRemove(entry.Key, out _);
            }
        }

        return decision;
    }

    /// <summary>The answer: allowed, or not with the reason; <see cref="Failed"/> when no answer could be had.</summary>
    internal sealed record Decision(bool Allowed, bool Failed, string? Reason);
}

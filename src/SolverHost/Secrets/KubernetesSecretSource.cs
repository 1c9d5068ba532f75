using System.Collections.Concurrent;
using System.Net;
using k8s;
using Solvers.Abstractions;

namespace Solvers.SolverHost.Secrets;

/// <summary>Secrets read from the kube-apiserver, only ever from the request's namespace, cached briefly so that a
/// Present and its retries do not each cost a read. Messages name the namespace, Secret and key, never the value.</summary>
internal sealed class KubernetesSecretSource(IKubernetes client, TimeProvider time) : ISecretSource
{
    private static readonly TimeSpan _ttl = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<(string Namespace, string Name), (IDictionary<string, byte[]>? Data, DateTimeOffset Expires)> _cache = new();

    public ISecretReader ForNamespace(string resourceNamespace) => new Reader(this, resourceNamespace);

    private async Task<IDictionary<string, byte[]>?> ReadSecretAsync(string resourceNamespace, string name, string where, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((resourceNamespace, name), out var cached) && cached.Expires > now)
        {
            return cached.Data;
        }

        try
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(name, resourceNamespace, cancellationToken: cancellationToken);
            var data = secret.Data ?? new Dictionary<string, byte[]>();
            _cache[(resourceNamespace, name)] = (data, now + _ttl);
            return data;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new SecretNotFoundException(
                $"{where}: the solver host may not read Secrets in namespace {resourceNamespace}; grant its service account get on secrets there");
        }
        catch (Exception ex) when (ex is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new DnsProviderException($"{where}: reading it from the kube-apiserver failed ({Security.TokenReviewer.Describe(ex)})", ex);
        }
    }

    private sealed class Reader(KubernetesSecretSource source, string resourceNamespace) : ISecretReader
    {
        public string ResourceNamespace => resourceNamespace;

        public async Task<ReadOnlyMemory<byte>> ReadAsync(SecretKeyRef reference, CancellationToken cancellationToken)
        {
            var where = SecretNames.Check(resourceNamespace, reference);
            var data = await source.ReadSecretAsync(resourceNamespace, reference.Name, where, cancellationToken)
                ?? throw new SecretNotFoundException($"{where}: Secret {reference.Name} not found in namespace {resourceNamespace}");
            return data.TryGetValue(reference.Key, out var value)
                ? value
                : throw new SecretNotFoundException($"{where}: Secret {reference.Name} has no key {reference.Key}");
        }
    }
}

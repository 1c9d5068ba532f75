using System.Collections.Concurrent;

namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>Zone ids by (credential, zone name), for the life of the process; concurrent lookups of one zone share
/// one API call. Failures are not cached.</summary>
internal sealed class ZoneCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ZoneDto>>> _zones = new(StringComparer.Ordinal);

    public async Task<ZoneDto> GetAsync(string credentialKey, string zone, Func<Task<ZoneDto>> lookup, CancellationToken cancellationToken)
    {
        var key = credentialKey + "\n" + zone;
        for (var attempt = 0; ; attempt++)
        {
            var entry = _zones.GetOrAdd(key, _ => new Lazy<Task<ZoneDto>>(lookup, LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _zones.TryRemove(new KeyValuePair<string, Lazy<Task<ZoneDto>>>(key, entry));

                // The shared lookup was another caller's and was cancelled with it: look up again for this one.
                if (ex is OperationCanceledException && attempt == 0)
                {
                    continue;
                }

                throw;
            }
        }
    }

    public void Forget(string credentialKey, string zone) => _zones.TryRemove(credentialKey + "\n" + zone, out _);
}

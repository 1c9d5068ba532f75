using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>One <see cref="RateBudget"/> per credential for the whole process (the provider is a singleton).</summary>
internal sealed class RateBudgets
{
    private readonly ConcurrentDictionary<string, RateBudget> _budgets = new(StringComparer.Ordinal);
    private readonly CloudflareOptions _options;
    private readonly TimeProvider _time;

    public RateBudgets(IOptions<CloudflareOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
    }

    public RateBudget For(Credential credential) =>
        _budgets.GetOrAdd(credential.BudgetKey, _ => new RateBudget(_options.RateLimit, _options.RateWindow, _time));
}

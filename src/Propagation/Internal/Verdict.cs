using System.Globalization;
using System.Text;

namespace Solvers.Propagation.Internal;

/// <summary>Applies the <see cref="UnreachablePolicy"/> to one check's results and says why in one line.</summary>
internal static class Verdict
{
    // A summary names at most this many problem servers, then counts the rest.
    private const int MaxListed = 3;

    public static (bool Propagated, string Summary) Decide(IReadOnlyList<NameserverResult> results, PropagationOptions options)
    {
        var noun = options.RecursiveOnly ? "resolver" : "address";
        var total = results.Count;
        if (total == 0)
        {
            return (false, $"not propagated: no {Plural(noun, 0)} to check");
        }

        var serving = results.Count(r => r.State == NameserverState.Serving);
        var lagging = results.Count(r => r.State == NameserverState.NotYet);
        var required = options.Unreachable switch
        {
            UnreachablePolicy.Block => total,
            UnreachablePolicy.Quorum => Math.Min(options.Quorum ?? (total / 2) + 1, total),
            _ => 1,
        };
        var propagated = serving >= required && lagging == 0;

        var counts = string.Create(CultureInfo.InvariantCulture,
            $"{serving} of {total} {Plural(noun, total)} {(serving == 1 ? "serves" : "serve")} it");
        var problems = Describe(results.Where(r => r.State != NameserverState.Serving).ToList());

        if (propagated)
        {
            var serials = results.Where(r => r.Serial is not null).Select(r => r.Serial!.Value).Distinct().ToList();
            var atSerial = serials.Count == 1 ? string.Create(CultureInfo.InvariantCulture, $" at serial {serials[0]}") : string.Empty;
            return problems.Length == 0
                ? (true, string.Create(CultureInfo.InvariantCulture, $"propagated: {(total == 1 ? "the" : $"all {total}")} {Plural(noun, total)} {(total == 1 ? "serves" : "serve")} it{atSerial}"))
                : (true, $"propagated: {counts}{atSerial}; ignored ({options.Unreachable}): {problems}");
        }

        var shortOf = options.Unreachable == UnreachablePolicy.Quorum && serving < required
            ? string.Create(CultureInfo.InvariantCulture, $", quorum is {required}")
            : string.Empty;
        return (false, $"not propagated: {problems}; {counts}{shortOf}");
    }

    /// <summary>How one result reads in a summary, e.g. <c>ns2.example.com. (192.0.2.2) serves serial 7 without the value</c>.</summary>
    public static string Describe(NameserverResult result)
    {
        var who = Who(result);
        return result.State switch
        {
            NameserverState.Serving => $"{who} serves it",
            NameserverState.NotYet when result.Serial is { } serial =>
                string.Create(CultureInfo.InvariantCulture, $"{who} serves serial {serial} without the value"),
            NameserverState.NotYet => $"{who} does not serve the value ({result.Detail})",
            _ => result.Error switch
            {
                NameserverError.Timeout => $"{who} timed out",
                NameserverError.Refused => $"{who} refused the query",
                NameserverError.ServFail => $"{who} answered SERVFAIL",
                NameserverError.Lame => $"{who} is lame ({result.Detail})",
                _ => $"{who}: {result.Detail}",
            },
        };
    }

    /// <summary>The server as a summary names it: <c>ns1.example.com. (192.0.2.1)</c>, or the resolver's endpoint.</summary>
    public static string Who(NameserverResult result) => (result.Nameserver, result.Address) switch
    {
        ({ } host, { } address) => $"{host} ({address.Address})",
        ({ } host, null) => host.ToString(),
        (null, { } address) => $"resolver {address}",
        _ => "?",
    };

    private static string Describe(List<NameserverResult> problems)
    {
        var text = new StringBuilder();
        foreach (var problem in problems.Take(MaxListed))
        {
            text.Append(text.Length == 0 ? string.Empty : "; ").Append(Describe(problem));
        }

        if (problems.Count > MaxListed)
        {
            text.Append(CultureInfo.InvariantCulture, $"; and {problems.Count - MaxListed} more");
        }

        return text.ToString();
    }

    private static string Plural(string noun, int count) => count == 1 ? noun : noun.EndsWith('s') ? noun + "es" : noun + "s";
}

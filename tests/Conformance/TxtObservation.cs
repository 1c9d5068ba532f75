using System.Text;

namespace Solvers.Conformance;

/// <summary>What every source (a DNS server address, a fake API) answered for one name.</summary>
/// <param name="Sources">One entry per source; a value is served only when every source serves it.</param>
public sealed record TxtObservation(IReadOnlyList<TxtSourceAnswer> Sources)
{
    /// <summary>Whether every source answered and serves <paramref name="value"/> (compared exactly, case-sensitively).</summary>
    public bool Serves(string value) => Sources.Count > 0 && Sources.All(s => s.Error is null && s.Values.Contains(value, StringComparer.Ordinal));

    /// <summary>Whether every source answered and none serves <paramref name="value"/>.</summary>
    public bool Lacks(string value) => Sources.Count > 0 && Sources.All(s => s.Error is null && !s.Values.Contains(value, StringComparer.Ordinal));

    /// <summary>The most times any one source lists <paramref name="value"/>.</summary>
    public int MaxCount(string value) => Sources.Count == 0 ? 0 : Sources.Max(s => s.Values.Count(v => string.Equals(v, value, StringComparison.Ordinal)));

    /// <summary>One line per source, for failure messages, e.g. <c>127.0.0.1:8053 serves ["a", "b"]</c>.</summary>
    public override string ToString()
    {
        if (Sources.Count == 0)
        {
            return "no source answered";
        }

        var text = new StringBuilder();
        foreach (var source in Sources)
        {
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(source.Source).Append(source.Error is { } error
                ? $": {error}"
                : source.Values.Count == 0 ? " serves no TXT value" : $" serves [{string.Join(", ", source.Values.Select(v => $"\"{v}\""))}]");
        }

        return text.ToString();
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>Wall times of the issuances of one run, reported per scenario with the host paths as ratios against
/// certbot's own RFC 2136 plugin measured in the same run.</summary>
internal sealed class IssuanceTimings
{
    public const string Baseline = "certbot rfc2136 plugin";

    private readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>Records one issuance and writes it to the test's output.</summary>
    public void Record(string path, string scenario, CertbotRun run)
    {
        var entry = new Entry(path, scenario, run.Elapsed, run.InHostCalls, run.HookCalls.Count);
        _entries.Enqueue(entry);
        TestContext.Current.TestOutputHelper?.WriteLine(entry.ToString());
    }

    /// <summary>Markdown: one row per scenario with each path's wall time and each host path / baseline, then the
    /// host paths' time in calls to the host.</summary>
    public string Report()
    {
        var entries = _entries.ToArray();
        var paths = entries.Select(e => e.Path).Distinct().OrderBy(p => p == Baseline ? 1 : 0).ThenBy(p => p, StringComparer.Ordinal).ToList();
        var hostPaths = paths.Where(p => p != Baseline).ToList();
        var scenarios = entries.Select(e => e.Scenario).Distinct().ToList();
        Entry? Find(string path, string scenario) => entries.FirstOrDefault(e => e.Path == path && e.Scenario == scenario);

        var text = new StringBuilder()
            .AppendLine("Wall time of `certbot certonly`, account registration included (s):")
            .AppendLine()
            .Append("| Scenario |").AppendJoin("", paths.Select(p => $" {p} |")).AppendJoin("", hostPaths.Select(p => $" {p} / plugin |")).AppendLine()
            .Append("| --- |").AppendJoin("", paths.Select(_ => " ---: |")).AppendJoin("", hostPaths.Select(_ => " ---: |")).AppendLine();
        foreach (var scenario in scenarios)
        {
            var baseline = Find(Baseline, scenario);
            text.Append(CultureInfo.InvariantCulture, $"| {scenario} |");
            foreach (var path in paths)
            {
                text.Append(CultureInfo.InvariantCulture, $" {Seconds(Find(path, scenario)?.Elapsed)} |");
            }

            foreach (var path in hostPaths)
            {
                var ratio = Find(path, scenario) is { } e && baseline is { } b ? (e.Elapsed / b.Elapsed).ToString("0.00", CultureInfo.InvariantCulture) : "";
                text.Append(CultureInfo.InvariantCulture, $" {ratio} |");
            }

            text.AppendLine();
        }

        text.AppendLine()
            .AppendLine("Of that, time the hook waited for the host's answers, all calls added up (s, calls):")
            .AppendLine()
            .Append("| Scenario |").AppendJoin("", hostPaths.Select(p => $" {p} |")).AppendLine()
            .Append("| --- |").AppendJoin("", hostPaths.Select(_ => " ---: |")).AppendLine();
        foreach (var scenario in scenarios)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {scenario} |");
            foreach (var path in hostPaths)
            {
                var cell = Find(path, scenario) is { } e
                    ? string.Create(CultureInfo.InvariantCulture, $"{Seconds(e.InHostCalls)} ({e.HostCalls})")
                    : "";
                text.Append(CultureInfo.InvariantCulture, $" {cell} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public void WriteReport(string file)
    {
        if (_entries.IsEmpty)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, Report());
    }

    private static string Seconds(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "";

    private sealed record Entry(string Path, string Scenario, TimeSpan Elapsed, TimeSpan InHostCalls, int HostCalls)
    {
        public override string ToString() => HostCalls == 0
            ? string.Create(CultureInfo.InvariantCulture, $"issuance wall time: {Elapsed.TotalSeconds:0.00} s ({Path}, {Scenario})")
            : string.Create(CultureInfo.InvariantCulture,
                $"issuance wall time: {Elapsed.TotalSeconds:0.00} s ({Path}, {Scenario}); {InHostCalls.TotalSeconds:0.00} s of it in {HostCalls} calls to the host");
    }
}

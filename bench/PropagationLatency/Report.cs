using System.Text;
using static Solvers.Bench.PropagationLatency.LatencyBenchmark;

namespace Solvers.Bench.PropagationLatency;

/// <summary>The Markdown report.</summary>
internal static class Report
{
    /// <summary>The adaptive checker's median must stay under this.</summary>
    private const double MedianTargetMs = 300;

    /// <summary>… and under this share of the 2 s poller's median.</summary>
    private const double RatioTarget = 0.2;

    public static string Render(BenchOptions options, IReadOnlyList<Poller> pollers, IReadOnlyList<Trial> trials, MachineFacts facts)
    {
        var text = new StringBuilder();
        text.AppendLine("## Propagation check latency").AppendLine();
        text.AppendLine("Delay from the moment the last authoritative server (the Knot secondary) first answers a fresh TXT value, seen by a probe asking it directly every 5 ms, to the moment `WaitAsync` returns propagated. Percentiles interpolate linearly between ranks.").AppendLine();
        text.AppendLine("| Poller | Schedule | Trials | Median delay (ms) | p90 (ms) | Max (ms) | Checks per trial (median) | Release → served (median ms) | Failed |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var medians = new Dictionary<string, double>();
        foreach (var poller in pollers)
        {
            var mine = trials.Where(t => t.Poller == poller.Name).ToList();
            var good = mine.Where(t => t.Error is null).ToList();
            var delays = good.Select(t => t.DelayMs).Order().ToArray();
            var failed = mine.Count - good.Count;
            if (delays.Length == 0)
            {
                text.AppendLine(Invariant($"| {poller.Name} | {poller.Schedule} | {mine.Count} | – | – | – | – | – | {failed} |"));
                continue;
            }

            medians[poller.Name] = Percentile(delays, 0.5);
            text.AppendLine(Invariant($"| {poller.Name} | {poller.Schedule} | {mine.Count} | {Percentile(delays, 0.5):N0} | {Percentile(delays, 0.9):N0} | {delays[^1]:N0} | {Percentile([.. good.Select(t => (double)t.Checks).Order()], 0.5):0.#} | {Percentile([.. good.Select(t => t.ReleaseToServeMs).Order()], 0.5):N0} | {failed} |"));
        }

        text.AppendLine();
        var adaptive = pollers[0].Name;
        var fixed2 = pollers[1].Name;
        if (medians.TryGetValue(adaptive, out var a) && medians.TryGetValue(fixed2, out var b) && b > 0)
        {
            var ratio = a / b;
            text.AppendLine(Invariant($"**adaptive / 2 s median: {ratio:0.00}** ({a:N0} ms vs {b:N0} ms)")).AppendLine();
            text.AppendLine("Targets for the adaptive checker:").AppendLine();
            text.AppendLine(Invariant($"- median under {MedianTargetMs:0} ms: **{(a < MedianTargetMs ? "met" : "missed")}** ({a:N0} ms)"));
            text.AppendLine(Invariant($"- median under 1/5 of the 2 s poller's median ({b * RatioTarget:N0} ms): **{(ratio < RatioTarget ? "met" : "missed")}** (ratio {ratio:0.00})"));
        }
        else
        {
            text.AppendLine("**Targets: not assessed**: the adaptive or the 2 s poller has no successful trial.");
        }

        if (facts.Load.ForeignShare > 0.05)
        {
            text.AppendLine().AppendLine(Invariant($"**Other programs used {facts.Load.ForeignShare:0%} of the CPU during the trials**: the servers' transfer times and the checker's query times may be disturbed; the polling schedule, which dominates the delays, is not."));
        }

        var failures = trials.Where(t => t.Error is not null).ToList();
        if (failures.Count > 0)
        {
            text.AppendLine().AppendLine("Failed trials (left out of the table):").AppendLine();
            foreach (var t in failures)
            {
                text.AppendLine(Invariant($"- {t.Poller} #{t.Index}: {t.Error}"));
            }
        }

        text.AppendLine().AppendLine("### Trials").AppendLine();
        text.AppendLine("| Poller | # | Release after (ms) | Release → served (ms) | Delay (ms) | Checks |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var t in trials)
        {
            text.AppendLine(Invariant($"| {t.Poller} | {t.Index} | {t.ReleaseDelayMs:0} | {t.ReleaseToServeMs:0} | {(t.Error is null ? t.DelayMs.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "failed")} | {t.Checks} |"));
        }

        text.AppendLine().AppendLine("### Machine").AppendLine();
        text.AppendLine(Invariant($"- Run: {facts.Started:yyyy-MM-dd HH:mm} UTC, {facts.Duration.TotalSeconds:0} s of trials"));
        text.AppendLine(Invariant($"- CPU: {facts.Cpu}"));
        var foreign = facts.Load.ForeignShare is { } share ? Invariant($"{share:0%}") : "unknown";
        text.AppendLine(Invariant($"- Other programs (not this benchmark nor the tree's servers; the tree's short-lived nsupdate/knotc/dig helpers count here) used {foreign} of all cores during the trials; 1-minute load average {facts.Load.LoadBefore:0.00} before, {facts.Load.LoadAfter:0.00} after"));
        text.AppendLine(Invariant($"- OS: {facts.Os}"));
        text.AppendLine(Invariant($"- .NET: {facts.Dotnet}; benchmark build: {facts.Configuration}; Solvers.Propagation {facts.Version}"));
        text.AppendLine(Invariant($"- DNS servers: {facts.Bind}; {facts.Knot}; all on 127.0.0.x, IPv4 only"));

        text.AppendLine().AppendLine("### Command").AppendLine();
        var arguments = string.Join(' ', options.ToArguments());
        text.AppendLine("```sh");
        text.AppendLine(Invariant($"dotnet run -c {facts.Configuration} --project bench/PropagationLatency{(arguments.Length > 0 ? " -- " + arguments : string.Empty)}"));
        text.AppendLine("```");
        return text.ToString();
    }

    /// <summary>Linear interpolation between closest ranks of sorted values.</summary>
    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 1)
        {
            return sorted[0];
        }

        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}

using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace Solvers.Bench.LoadGenerator;

/// <summary>Writes the result as Markdown: the median table with the host/bare ratios, the verdict against the
/// target, every round, the machine, and the command that reproduces it.</summary>
internal static class Report
{
    /// <summary>The host must reach this share of the bare-Kestrel request rate.</summary>
    public const double TargetRatio = 0.80;

    /// <summary>Above this share of the machine used by other programs, the report warns that it was disturbed.</summary>
    private const double ForeignLoadWarning = 0.05;

    public static string Compose(
        IReadOnlyList<Measurement> measurements, string bareLabel, string hostLabel, RunOptions options, RunFacts facts)
    {
        var bare = Median(measurements.Where(m => m.Target == bareLabel).ToList());
        var host = Median(measurements.Where(m => m.Target == hostLabel).ToList());
        var rateRatio = bare.RequestsPerSecond > 0 ? host.RequestsPerSecond / bare.RequestsPerSecond : 0;
        var errors = measurements.Sum(m => m.Errors);

        var text = new StringBuilder();
        text.AppendLine("## Solver host vs bare Kestrel").AppendLine();
        text.AppendLine(Invariant($"Median of {options.Rounds} round(s), after {CommandLine.FormatDuration(options.Prime)} of unmeasured load per target to let the JIT tier up; per target and round {CommandLine.FormatDuration(options.Warmup)} warm-up, then {CommandLine.FormatDuration(options.Duration)} measured with {options.Connections} connections (HTTPS, HTTP/1.1 keep-alive, one connection per worker). Each Present and each CleanUp is one request."));
        text.AppendLine();
        text.AppendLine("| Target | Requests/s | p50 (ms) | p99 (ms) | Server CPU per request (µs) | Errors |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        Row(text, bare);
        Row(text, host);
        text.AppendLine(Invariant($"| **host / bare** | **{rateRatio:0.00}** | {Ratio(host.P50Ms, bare.P50Ms)} | {Ratio(host.P99Ms, bare.P99Ms)} | {Ratio(host.ServerCpuUsPerRequest, bare.ServerCpuUsPerRequest)} | |"));
        text.AppendLine();

        var verdict = rateRatio >= TargetRatio ? "met" : "missed";
        text.AppendLine(Invariant($"Target: the host reaches at least {TargetRatio:0%} of the bare-Kestrel request rate. **{char.ToUpperInvariant(verdict[0])}{verdict[1..]}**: {rateRatio:0%} ({host.RequestsPerSecond:N0} vs {bare.RequestsPerSecond:N0} requests/s)."));
        if (errors > 0)
        {
            var first = measurements.First(m => m.FirstError is not null);
            text.AppendLine().AppendLine(Invariant($"**This run had {errors} failed request(s); its numbers are not valid.** First failure ({first.Target}, round {first.Round}): `{first.FirstError}`"));
        }

        text.AppendLine().AppendLine("### Rounds").AppendLine();
        text.AppendLine("| Round | Target | Requests | Requests/s | p50 (ms) | p99 (ms) | Server CPU per request (µs) | CPU used by other programs | Errors |");
        text.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var m in measurements)
        {
            var foreign = m.ForeignCpuShare is { } share ? Invariant($"{share:0%}") : "unknown";
            text.AppendLine(Invariant($"| {m.Round} | {m.Target} | {m.Requests:N0} | {m.RequestsPerSecond:N0} | {m.P50Ms:0.00} | {m.P99Ms:0.00} | {m.ServerCpuUsPerRequest:N0} | {foreign} | {m.Errors} |"));
        }

        var busiest = measurements.Max(m => m.ForeignCpuShare ?? 0);
        if (busiest > ForeignLoadWarning)
        {
            text.AppendLine().AppendLine(Invariant($"**Other programs used up to {busiest:0%} of the CPU during a measurement**, so these numbers are disturbed; the ratios suffer less than the absolute rates, but rerun on a quiet machine before comparing."));
        }

        text.AppendLine().AppendLine("### Machine").AppendLine();
        text.AppendLine(Invariant($"- CPU: {Environment.ProcessorCount} logical cores{CpuModel()}, {RuntimeInformation.OSArchitecture}"));
        text.AppendLine(Invariant($"- OS: {RuntimeInformation.OSDescription}"));
        text.AppendLine(Invariant($"- .NET: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; load generator build: {facts.Configuration}"));
        text.AppendLine(Invariant($"- Host: {facts.HostDll} (version {facts.HostVersion}), its default settings and logging{(options.HostArgs.Count + options.HostEnvironment.Count > 0 ? " plus the experiment options in the command" : string.Empty)}; it wrote {facts.HostLogBytes:N0} bytes of log ({(facts.HostRequests > 0 ? facts.HostLogBytes / (double)facts.HostRequests : 0):0} per request)"));
        text.AppendLine("- All processes (load generator, bare server, host) share the machine; traffic is on 127.0.0.1 only.");

        text.AppendLine().AppendLine("### Command").AppendLine();
        text.AppendLine("```sh");
        var arguments = string.Join(' ', options.ToArguments());
        text.AppendLine(Invariant($"dotnet build -c {facts.Configuration} src/SolverHost && dotnet run -c {facts.Configuration} --project bench/LoadGenerator{(arguments.Length > 0 ? " -- " + arguments : string.Empty)}"));
        text.AppendLine("```");
        return text.ToString();
    }

    /// <summary>The median of each number over the rounds, separately; errors are summed.</summary>
    private static Measurement Median(List<Measurement> rounds) => new(
        rounds[0].Target,
        0,
        (long)Median(rounds.Select(r => (double)r.Requests)),
        Median(rounds.Select(r => r.RequestsPerSecond)),
        Median(rounds.Select(r => r.P50Ms)),
        Median(rounds.Select(r => r.P99Ms)),
        rounds.Sum(r => r.Errors),
        rounds.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
        rounds.Sum(r => r.Sent),
        Median(rounds.Select(r => r.ServerCpuUsPerRequest)),
        rounds.Max(r => r.ForeignCpuShare));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Row(StringBuilder text, Measurement m) =>
        text.AppendLine(Invariant($"| {m.Target} | {m.RequestsPerSecond:N0} | {m.P50Ms:0.00} | {m.P99Ms:0.00} | {m.ServerCpuUsPerRequest:N0} | {m.Errors} |"));

    private static string Ratio(double host, double bare) => bare > 0 ? Invariant($"{host / bare:0.00}×") : "–";

    private static string CpuModel()
    {
        try
        {
            var model = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
            return string.IsNullOrEmpty(model) ? string.Empty : $" ({model})";
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

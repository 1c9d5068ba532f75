using System.Globalization;

namespace Solvers.Bench.PropagationLatency;

/// <summary>Entry point: parses the options and runs the benchmark. The report (Markdown) goes to standard output,
/// progress to standard error.</summary>
internal static class Program
{
    public const string Usage = """
        Usage:
          Solvers.Bench.PropagationLatency [options]

        Measures the delay between the moment the last authoritative server (the Knot secondary of a local
        BIND9 + Knot test tree) starts serving a fresh TXT value and the moment a propagation checker reports it,
        for the adaptive checker (100 ms doubling to 2 s) and fixed 2 s and 10 s pollers. Needs root and the
        packages of scripts/install-test-deps.sh.

        Options:
          --trials <n>         trials of the adaptive and the 2 s poller (default 20)
          --slow-trials <n>    trials of the 10 s poller (default 5)
          --seed <n>           seed of the random 0-1 s release delays (default 1)
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["--help"] or ["-h"] or ["help"])
        {
            await Console.Out.WriteAsync(Usage);
            return 0;
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"Error: {ex.Message} (see --help)");
            return 2;
        }

        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };

        try
        {
            return await LatencyBenchmark.RunAsync(options, interrupted.Token);
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Interrupted.");
            return 130;
        }
    }
}

/// <summary>The command-line options.</summary>
/// <param name="Trials">Trials of the adaptive checker and of the 2 s poller.</param>
/// <param name="SlowTrials">Trials of the 10 s poller.</param>
/// <param name="Seed">Seed of the random release delays.</param>
internal sealed record BenchOptions(int Trials, int SlowTrials, int Seed)
{
    public static BenchOptions Default { get; } = new(20, 5, 1);

    /// <exception cref="FormatException">An unknown option, a missing or bad value.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            string Value() => equals >= 0 ? arg[(equals + 1)..]
                : i + 1 < args.Count ? args[++i]
                : throw new FormatException($"option {name} needs a value");
            options = name switch
            {
                "--trials" => options with { Trials = Count(name, Value(), 1) },
                "--slow-trials" => options with { SlowTrials = Count(name, Value(), 0) },
                "--seed" => options with { Seed = Count(name, Value(), 0) },
                _ => throw new FormatException($"unexpected argument \"{arg}\""),
            };
        }

        return options;
    }

    /// <summary>The options as arguments, only those that differ from the defaults.</summary>
    public IEnumerable<string> ToArguments()
    {
        if (Trials != Default.Trials)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"--trials {Trials}");
        }

        if (SlowTrials != Default.SlowTrials)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"--slow-trials {SlowTrials}");
        }

        if (Seed != Default.Seed)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"--seed {Seed}");
        }
    }

    private static int Count(string name, string text, int minimum) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum
            ? n
            : throw new FormatException($"{name} needs a whole number of at least {minimum}, not \"{text}\"");
}

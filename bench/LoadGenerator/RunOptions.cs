namespace Solvers.Bench.LoadGenerator;

/// <summary>Options of <c>run</c>; the defaults keep a run with no arguments under two minutes.</summary>
internal sealed record RunOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>One-time unmeasured load per target before the first round: both servers and this program start
    /// cold, and tiered JIT needs several seconds of load to reach steady state.</summary>
    public TimeSpan Prime { get; init; } = TimeSpan.FromSeconds(5);

    public int Connections { get; init; } = 16;

    public int Rounds { get; init; } = 2;

    /// <summary>The host's build output, or null to find it beside this program's.</summary>
    public string? HostDll { get; init; }

    public IReadOnlyList<string> HostArgs { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> HostEnvironment { get; init; } = [];

    public bool KeepLogs { get; init; }

    /// <exception cref="FormatException">An option is unknown or malformed.</exception>
    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RunOptions();
        var hostArgs = new List<string>();
        var hostEnvironment = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in CommandLine.Options(args, "keep-logs"))
        {
            options = name switch
            {
                "duration" => options with { Duration = Positive(name, CommandLine.ParseDuration(name, value)) },
                "warmup" => options with { Warmup = CommandLine.ParseDuration(name, value) },
                "prime" => options with { Prime = CommandLine.ParseDuration(name, value) },
                "connections" => options with { Connections = CommandLine.ParseCount(name, value, 1, 1024) },
                "rounds" => options with { Rounds = CommandLine.ParseCount(name, value, 1, 100) },
                "host-dll" => options with { HostDll = Path.GetFullPath(value) },
                "keep-logs" => options with { KeepLogs = bool.Parse(value) },
                "host-arg" => Add(options, hostArgs, value),
                "host-env" => Add(options, hostEnvironment, ParseVariable(value)),
                _ => throw new FormatException($"unknown option --{name}"),
            };
        }

        return options with { HostArgs = hostArgs, HostEnvironment = hostEnvironment };
    }

    /// <summary>The options as arguments of <c>run</c>, defaults left out.</summary>
    public IEnumerable<string> ToArguments()
    {
        var defaults = new RunOptions();
        if (Duration != defaults.Duration)
        {
            yield return $"--duration {CommandLine.FormatDuration(Duration)}";
        }

        if (Warmup != defaults.Warmup)
        {
            yield return $"--warmup {CommandLine.FormatDuration(Warmup)}";
        }

        if (Prime != defaults.Prime)
        {
            yield return $"--prime {CommandLine.FormatDuration(Prime)}";
        }

        if (Connections != defaults.Connections)
        {
            yield return FormattableString.Invariant($"--connections {Connections}");
        }

        if (Rounds != defaults.Rounds)
        {
            yield return FormattableString.Invariant($"--rounds {Rounds}");
        }

        if (HostDll is not null)
        {
            yield return $"--host-dll {HostDll}";
        }

        foreach (var arg in HostArgs)
        {
            yield return $"--host-arg={arg}";
        }

        foreach (var (key, value) in HostEnvironment)
        {
            yield return $"--host-env {key}={value}";
        }
    }

    private static TimeSpan Positive(string name, TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new FormatException($"--{name} must be above zero");

    private static KeyValuePair<string, string> ParseVariable(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? new(value[..equals], value[(equals + 1)..])
            : throw new FormatException($"--host-env \"{value}\" must look like NAME=value");
    }

    private static RunOptions Add<T>(RunOptions options, List<T> list, T item)
    {
        list.Add(item);
        return options;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Solvers.Bench.LoadGenerator;

/// <summary>Reads <c>--name value</c> and <c>--name=value</c> options, with Go-style durations (<c>10s</c>, <c>500ms</c>,
/// <c>1m30s</c>) as the host's own flags take them.</summary>
internal static partial class CommandLine
{
    public const string Usage = """
        Usage:
          Solvers.Bench.LoadGenerator [run] [options]     benchmark the solver host against a bare Kestrel server
          Solvers.Bench.LoadGenerator bare-server --port N  the bare Kestrel HTTPS echo server (run starts it itself)

        Options of run:
          --duration <d>       measured time per target and round (default 10s)
          --warmup <d>         unmeasured load before each measurement (default 3s)
          --prime <d>          one-time unmeasured load per target before round 1, for the JIT (default 5s)
          --connections <n>    concurrent workers, one HTTP/1.1 connection each (default 16)
          --rounds <n>         rounds of bare -> host; the report takes the median (default 2)
          --host-dll <path>    the solver host to start (default: artifacts/bin/Solvers.SolverHost/<configuration>/Solvers.SolverHost.dll)
          --host-arg <arg>     extra flag for the host, repeatable; for experiments only
          --host-env <K=V>     extra environment variable for the host, repeatable; for experiments only
          --keep-logs          keep the servers' log files (kept anyway when the run fails)

        Build the host first: dotnet build -c Release src/SolverHost
        """;

    /// <summary>Splits <paramref name="args"/> into (name, value) pairs; <paramref name="switches"/> take no value.</summary>
    /// <exception cref="FormatException">An argument is not an option, or an option lacks its value.</exception>
    public static IEnumerable<(string Name, string Value)> Options(IReadOnlyList<string> args, params string[] switches)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new FormatException($"unexpected argument \"{arg}\"");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            if (equals >= 0)
            {
                yield return (name, arg[(equals + 1)..]);
            }
            else if (switches.Contains(name, StringComparer.Ordinal))
            {
                yield return (name, "true");
            }
            else if (i + 1 < args.Count)
            {
                yield return (name, args[++i]);
            }
            else
            {
                throw new FormatException($"option --{name} needs a value");
            }
        }
    }

    public static int ParseCount(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException($"--{name} \"{value}\" must be a whole number from {min} to {max}");

    public static TimeSpan ParseDuration(string name, string value)
    {
        var match = GoDuration().Match(value);
        if (!match.Success)
        {
            throw new FormatException($"--{name} \"{value}\" must be a duration such as 10s, 500ms or 1m30s");
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['h', 'm', 's']);
            var number = double.Parse(part.Value[..unitStart], CultureInfo.InvariantCulture);
            total += part.Value[unitStart..] switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                _ => TimeSpan.FromMilliseconds(number),
            };
        }

        return total;
    }

    /// <summary>Formats a duration the way <see cref="ParseDuration"/> reads it.</summary>
    public static string FormatDuration(TimeSpan value) =>
        value.TotalSeconds == Math.Floor(value.TotalSeconds)
            ? $"{value.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"
            : $"{value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";

    [GeneratedRegex(@"^(?:(?<part>\d+(?:\.\d+)?(?:h|ms|m|s)))+$")]
    private static partial Regex GoDuration();
}

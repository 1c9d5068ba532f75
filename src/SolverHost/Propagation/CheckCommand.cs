using System.Globalization;
using Solvers.Abstractions;
using Solvers.Propagation;
using Solvers.SolverHost.Hosting;

namespace Solvers.SolverHost.Propagation;

/// <summary><c>check &lt;fqdn&gt; &lt;value&gt; [flags]</c>: the propagation check a user runs when cert-manager says
/// "not yet propagated". Prints one row per authoritative address and exits 0 only when the value has propagated.</summary>
internal static class CheckCommand
{
    public const string Usage = """
        Usage: solver-host check <fqdn> <value> [flags]

        Checks that every authoritative nameserver of the zone serves the TXT value, and shows each one's answer.
        Exit code 0: propagated; 1: not propagated within --timeout; 2: bad arguments.

        Flags:
          --recursive-nameservers ip:port,...   resolvers for CNAME, zone, NS and address lookups (default: the system's)
          --recursive-only                      only ask the resolvers (like cert-manager's --dns01-recursive-nameservers-only)
          --authoritative-port N                port of the authoritative servers (test setups; default 53)
          --timeout 60s                         how long to wait for propagation (0: check once)
          --query-timeout 2s                    time per DNS query
          --unreachable Block|Quorum|ReachableOnly   whether unreachable servers block (default Block)
          --quorum N                            servers needed with --unreachable Quorum (default: a majority)

        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        PropagationOptions options;
        DnsName fqdn;
        string value;
        TimeSpan timeout;
        try
        {
            (options, fqdn, value, timeout) = Parse(args);
        }
        catch (FormatException ex)
        {
            await error.WriteLineAsync($"Error: {ex.Message}\n\n{Usage}");
            return 2;
        }

        var checker = new PropagationChecker(options with { Deadline = timeout > TimeSpan.Zero ? timeout : options.Deadline });
        var report = timeout > TimeSpan.Zero
            ? await checker.WaitAsync(fqdn, value, cancellationToken)
            : await checker.CheckAsync(fqdn, value, cancellationToken);
        await output.WriteLineAsync(report.ToTable());
        await output.WriteLineAsync(report.Summary);
        return report.Propagated ? 0 : 1;
    }

    private static (PropagationOptions Options, DnsName Fqdn, string Value, TimeSpan Timeout) Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        var options = new PropagationOptions();
        var timeout = TimeSpan.FromSeconds(60);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            string Next() => equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Count ? args[++i] : throw new FormatException($"flag needs an argument: --{name}");
            options = name switch
            {
                "recursive-nameservers" => options with { RecursiveNameservers = Parsed(() => PropagationOptions.ParseNameservers(Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), name) },
                "recursive-only" => options with { RecursiveOnly = true },
                "authoritative-port" => options with { AuthoritativePort = int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : throw new FormatException("--authoritative-port must be a port number") },
                "query-timeout" => options with { QueryTimeout = CommandLineFlags.ParseDuration(Next(), name) },
                "unreachable" => options with { Unreachable = Enum.TryParse<UnreachablePolicy>(Next(), ignoreCase: true, out var policy) ? policy : throw new FormatException("--unreachable must be Block, Quorum or ReachableOnly") },
                "quorum" => options with { Quorum = int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var quorum) && quorum > 0 ? quorum : throw new FormatException("--quorum must be a positive number") },
                "timeout" => SetTimeout(options, CommandLineFlags.ParseDuration(Next(), name), out timeout),
                _ => throw new FormatException($"unknown flag: --{name}"),
            };
        }

        if (positional.Count != 2)
        {
            throw new FormatException("expected exactly two arguments: the record name and the TXT value");
        }

        if (!DnsName.TryParse(positional[0], out var fqdn))
        {
            throw new FormatException($"\"{positional[0]}\" is not a valid DNS name");
        }

        return (options, fqdn, positional[1], timeout);
    }

    private static PropagationOptions SetTimeout(PropagationOptions options, TimeSpan value, out TimeSpan timeout)
    {
        timeout = value;
        return options;
    }

    private static T Parsed<T>(Func<T> parse, string name)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new FormatException($"--{name}: {ex.Message}", ex);
        }
    }
}

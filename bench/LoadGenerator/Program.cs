namespace Solvers.Bench.LoadGenerator;

/// <summary>Entry point: <c>run</c> (the default) drives the benchmark; <c>bare-server</c> is the baseline server that
/// <c>run</c> starts as a child process of this same program.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--help"] or ["-h"] or ["help"])
        {
            await Console.Out.WriteAsync(CommandLine.Usage);
            return 0;
        }

        try
        {
            return args switch
            {
                ["bare-server", .. var rest] => await BareServer.RunAsync(BareServerOptions.Parse(rest)),
                ["run", .. var rest] => await Benchmark.RunAsync(RunOptions.Parse(rest)),
                _ => await Benchmark.RunAsync(RunOptions.Parse(args)),
            };
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"Error: {ex.Message} (see --help)");
            return 2;
        }
    }
}

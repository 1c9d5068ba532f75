namespace Solvers.Bench.LoadGenerator;

/// <summary>Options of <c>bare-server</c>.</summary>
internal sealed record BareServerOptions(int Port)
{
    /// <exception cref="FormatException">An option is unknown or malformed, or <c>--port</c> is missing.</exception>
    public static BareServerOptions Parse(IReadOnlyList<string> args)
    {
        int? port = null;
        foreach (var (name, value) in CommandLine.Options(args))
        {
            port = name switch
            {
                "port" => CommandLine.ParseCount(name, value, 1, 65535),
                _ => throw new FormatException($"unknown option --{name} for bare-server"),
            };
        }

        return new BareServerOptions(port ?? throw new FormatException("bare-server needs --port"));
    }
}

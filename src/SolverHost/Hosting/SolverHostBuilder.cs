namespace Solvers.SolverHost.Hosting;

/// <summary>Creates the web application builder from Kubernetes-style flags; configuration precedence is
/// appsettings.json, then environment variables (<c>Solvers__*</c>, and <c>GROUP_NAME</c> as webhook-example uses it),
/// then flags.</summary>
public static class SolverHostBuilder
{
    /// <exception cref="FormatException">A flag is unknown or malformed; the message names it.</exception>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var flags = CommandLineFlags.Parse(args);

        // Not CreateSlimBuilder: it leaves out Kestrel's HTTPS configuration.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });

        var groupName = Environment.GetEnvironmentVariable("GROUP_NAME");
        if (!string.IsNullOrEmpty(groupName))
        {
            builder.Configuration.AddInMemoryCollection([new("Solvers:GroupName", groupName)]);
        }

        builder.Configuration.AddInMemoryCollection(flags);

        builder.Logging.ClearProviders();
        if (builder.Configuration["Solvers:LoggingFormat"] == "json")
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                // One line per event reads better in kubectl logs and costs less.
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        }

        return builder;
    }

    /// <summary>True when <paramref name="args"/> asks for the flag list.</summary>
    public static bool WantsHelp(string[] args) => args is ["--help"] or ["-h"];

    /// <summary>The flag list.</summary>
    public static string Usage => CommandLineFlags.Usage;
}

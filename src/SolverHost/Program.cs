using Solvers.SolverHost.Hosting;
using Solvers.SolverHost.Propagation;

if (args is ["check", .. var checkArgs])
{
    return await CheckCommand.RunAsync(checkArgs, Console.Out, Console.Error, CancellationToken.None);
}

if (SolverHostBuilder.WantsHelp(args))
{
    Console.Out.Write(SolverHostBuilder.Usage);
    return 0;
}

WebApplicationBuilder builder;
try
{
    builder = SolverHostBuilder.CreateBuilder(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"Error: {ex.Message}");
    return 2;
}

// The only place that lists providers.
builder.Services.AddSolverHost(builder.Configuration)
    .AddEmbeddedDns()
    .AddCloudflare()
    .AddRfc2136();

var app = builder.Build();
app.MapSolverApi();
try
{
    await app.RunAsync();
}
catch (OperationCanceledException) when (Environment.ExitCode != 0)
{
    // A solver failed to initialise while the server was still starting; the reason is already logged.
    return Environment.ExitCode;
}
catch (Exception ex) when (ex is Microsoft.Extensions.Options.OptionsValidationException or IOException or InvalidOperationException)
{
    // Start-up problems a user can fix: say what, without a stack trace.
    Console.Error.WriteLine($"Error: {ex.Message}");
    return 1;
}

return Environment.ExitCode;

/// <summary>The entry point; public so that tests can reference the assembly's composition.</summary>
public partial class Program;

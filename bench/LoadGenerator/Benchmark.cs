using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Solvers.Bench.LoadGenerator;

/// <summary>The <c>run</c> command: starts the solver host and the bare server as separate processes, measures them in
/// alternating rounds (bare, host, bare, host, …) so that drift hits both, prints the report, and stops both
/// processes whatever happens.</summary>
internal static class Benchmark
{
    private const string BareLabel = "bare Kestrel";
    private const string HostLabel = "solver host (embedded)";

    /// <summary>Settings that would make a child differ from a plain start; the benchmark measures the defaults.</summary>
    private static readonly string[] _clearedPrefixes = ["Solvers__", "Logging__", "Kestrel__", "ASPNETCORE_"];
    private static readonly string[] _clearedNames = ["GROUP_NAME", "DOTNET_ENVIRONMENT", "DOTNET_URLS"];

    public static async Task<int> RunAsync(RunOptions options)
    {
        var configuration = typeof(Benchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var hostDll = options.HostDll ?? DefaultHostDll();
        if (!File.Exists(hostDll))
        {
            await Console.Error.WriteLineAsync($"Error: the solver host is not built: {hostDll} is missing. Build it first: dotnet build -c {configuration} src/SolverHost");
            return 1;
        }

        if (!string.Equals(configuration, "Release", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"Warning: this is a {configuration} build; run with -c Release for numbers worth comparing.");
        }

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, stop));
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => Interrupt(context, stop));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ServerProcess.KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => ServerProcess.KillAll();

        var logs = Directory.CreateTempSubdirectory("solvers-bench-");
        var keepLogs = options.KeepLogs;
        ServerProcess? hostProcess = null;
        ServerProcess? bareProcess = null;
        Target? host = null;
        Target? bare = null;
        try
        {
            var inherited = ClearedVariables();
            var hostPort = ServerProcess.FreePort();
            var dnsPort = ServerProcess.FreePort();

            // Standalone on loopback, the host writes a development PKI to its state folder and wants the client
            // certificate in it (group system:masters); the folder is kept out of the work tree, as the tests do.
            var stateDir = Path.Combine(logs.FullName, "host-state");
            hostProcess = ServerProcess.Start(
                "the solver host",
                hostDll,
                [$"--secure-port={hostPort}", $"--embedded-dns-listen=127.0.0.1:{dnsPort}", $"--state-dir={stateDir}", .. options.HostArgs],
                hostPort,
                logs.FullName,
                Path.Combine(logs.FullName, "host.log"),
                [.. inherited, .. options.HostEnvironment.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))]);

            var barePort = ServerProcess.FreePort();
            bareProcess = ServerProcess.Start(
                "the bare server",
                typeof(Benchmark).Assembly.Location,
                ["bare-server", "--port", barePort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                barePort,
                logs.FullName,
                Path.Combine(logs.FullName, "bare.log"),
                inherited);

            Progress($"Started the solver host ({hostDll}) on 127.0.0.1:{hostPort} and the bare server on 127.0.0.1:{barePort}; waiting until both are ready");
            var hostReady = Target.ConnectAsync(
                HostLabel, isHost: true, hostProcess, options.Connections, (Path.Combine(stateDir, "client.crt"), Path.Combine(stateDir, "client.key")), stop.Token);
            var bareReady = Target.ConnectAsync(BareLabel, isHost: false, bareProcess, options.Connections, clientCertificateFiles: null, stop.Token);
            try
            {
                await Task.WhenAll(hostReady, bareReady);
            }
            finally
            {
                host = hostReady.IsCompletedSuccessfully ? hostReady.Result : null;
                bare = bareReady.IsCompletedSuccessfully ? bareReady.Result : null;
            }

            Progress($"Pinned certificates: host SHA-256 {host!.Pin.Thumbprint}, bare SHA-256 {bare!.Pin.Thumbprint}");
            Progress(host.ClientCertificateSubject is { } subject
                ? $"Authenticating to the host with its development client certificate ({subject})"
                : "The host wrote no development PKI; sending no client certificate");

            var bodies = new ChallengeBodies();
            long primingRequests = 0;
            if (options.Prime > TimeSpan.Zero)
            {
                foreach (var target in new[] { bare, host })
                {
                    Progress($"Priming {target.Label} for {CommandLine.FormatDuration(options.Prime)} (not measured)");
                    var sent = await LoadRun.PrimeAsync(target, bodies, options.Connections, options.Prime, stop.Token);
                    primingRequests += target == host ? sent : 0;
                }
            }

            var measurements = new List<Measurement>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var target in new[] { bare, host })
                {
                    Progress($"Round {round}/{options.Rounds}: {target.Label}, {CommandLine.FormatDuration(options.Warmup)} warm-up + {CommandLine.FormatDuration(options.Duration)} measured");
                    var other = target == host ? bare.Process : host.Process;
                    var measurement = await LoadRun.MeasureAsync(target, [other], bodies, options, round, stop.Token);
                    measurements.Add(measurement);
                    Progress($"  {measurement.RequestsPerSecond:N0} requests/s, p50 {measurement.P50Ms:0.00} ms, p99 {measurement.P99Ms:0.00} ms, "
                        + $"{measurement.ServerCpuUsPerRequest:N0} µs server CPU per request, {measurement.Errors} errors"
                        + (measurement.ForeignCpuShare is { } foreign ? $", other programs used {foreign:0%} of the CPU" : string.Empty));

                    // Let the finished target settle (log queue, GC) before the other one is measured.
                    await Task.Delay(TimeSpan.FromMilliseconds(500), stop.Token);
                }
            }

            // Stopped first, so that the host's log is complete when its size is read.
            await host.Process.StopAsync();
            await bare.Process.StopAsync();
            var facts = new RunFacts(
                configuration,
                options.HostDll ?? $"artifacts/bin/Solvers.SolverHost/{new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name}/Solvers.SolverHost.dll",
                FileVersionInfo.GetVersionInfo(hostDll).ProductVersion ?? "unknown",
                new FileInfo(host.Process.LogFile).Length,
                primingRequests + measurements.Where(m => m.Target == HostLabel).Sum(m => m.Sent));
            await Console.Out.WriteAsync(Report.Compose(measurements, BareLabel, HostLabel, options, facts));

            var failed = measurements.Any(m => m.Errors > 0);
            keepLogs |= failed;
            return failed ? 1 : 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Interrupted; stopping the servers.");
            return 130;
        }
        catch (BenchmarkException ex)
        {
            keepLogs = true;
            await Console.Error.WriteLineAsync($"Error: {ex.Message}");
            return 1;
        }
        finally
        {
            await StopAsync(host, hostProcess);
            await StopAsync(bare, bareProcess);
            if (keepLogs)
            {
                await Console.Error.WriteLineAsync($"Server logs kept in {logs.FullName}");
            }
            else
            {
                logs.Delete(recursive: true);
            }
        }
    }

    /// <summary>The host's build output beside this program's: artifacts/bin/Solvers.SolverHost/&lt;configuration&gt;,
    /// found as the functional tests' HostProcess finds it.</summary>
    private static string DefaultHostDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(output.Parent!.Parent!.FullName, "Solvers.SolverHost", output.Name, "Solvers.SolverHost.dll");
    }

    private static List<KeyValuePair<string, string?>> ClearedVariables() =>
        [.. Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => _clearedNames.Contains(name, StringComparer.Ordinal)
                || _clearedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Select(name => new KeyValuePair<string, string?>(name, null))];

    private static async Task StopAsync(Target? target, ServerProcess? process)
    {
        if (target is not null)
        {
            await target.DisposeAsync();
        }
        else if (process is not null)
        {
            await process.DisposeAsync();
        }
    }

    private static void Interrupt(PosixSignalContext context, CancellationTokenSource stop)
    {
        // The first signal stops the run cleanly (the finally blocks stop the servers); a second one exits at once,
        // and ProcessExit still kills the servers.
        if (!stop.IsCancellationRequested)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static void Progress(string message) => Console.Error.WriteLine(message);
}

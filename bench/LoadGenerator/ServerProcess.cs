using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Solvers.Bench.LoadGenerator;

/// <summary>A server started as a separate <c>dotnet &lt;dll&gt;</c> process whose output goes straight to a log file,
/// as a container runtime keeps it, so reading the log costs the load generator nothing. Stopping sends SIGTERM and
/// kills after a grace period; <see cref="KillAll"/> is the last resort when this program exits any other way.
/// Unix only: it needs <c>/bin/sh</c> and <c>kill</c>.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan _stopGrace = TimeSpan.FromSeconds(15);
    private static readonly ConcurrentDictionary<int, Process> _running = new();

    private readonly Process _process;
    private int _stopped;

    private ServerProcess(string name, Process process, int port, string logFile)
    {
        Name = name;
        _process = process;
        Port = port;
        LogFile = logFile;
        _running[process.Id] = process;
    }

    public string Name { get; }

    public int Port { get; }

    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>CPU time the server has used so far; zero once it has exited.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> in <paramref name="workingDirectory"/>
    /// with <paramref name="environment"/> changes (a null value removes a variable), writing stdout and stderr to
    /// <paramref name="logFile"/>.</summary>
    public static ServerProcess Start(
        string name,
        string dll,
        IEnumerable<string> args,
        int port,
        string workingDirectory,
        string logFile,
        IEnumerable<KeyValuePair<string, string?>> environment)
    {
        // exec, so that the pid is the server's own and SIGTERM reaches it; "$0" "$@" needs no quoting.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" > \"$SOLVERS_BENCH_LOG_FILE\" 2>&1");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SOLVERS_BENCH_LOG_FILE"] = logFile;

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        return new ServerProcess(name, process, port, logFile);
    }

    /// <summary>Stops the server like Kubernetes does (SIGTERM), and kills it if it has not exited within the grace
    /// period. Safe to call more than once.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync();
                }

                using var grace = new CancellationTokenSource(_stopGrace);
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _running.TryRemove(_process.Id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    /// <summary>The last lines of the log, for error messages.</summary>
    public string LogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var tail = new Queue<string>();
            while (reader.ReadLine() is { } line)
            {
                if (tail.Count == lines)
                {
                    tail.Dequeue();
                }

                tail.Enqueue(line);
            }

            return string.Join('\n', tail);
        }
        catch (IOException ex)
        {
            return $"(log {LogFile} unreadable: {ex.Message})";
        }
    }

    /// <summary>Kills every server still running; for process exit paths that skip <see cref="StopAsync"/>.</summary>
    public static void KillAll()
    {
        foreach (var process in _running.Values)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }
    }

    /// <summary>A port free for both TCP and UDP on 127.0.0.1 (the host's embedded DNS server takes both).</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP; try another.
            }
        }

        throw new InvalidOperationException("no free loopback port");
    }
}

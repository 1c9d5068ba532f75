using System.Diagnostics;
using System.Globalization;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>
/// One server child process (named or knotd) in its own folder. Stopped by pid: SIGTERM, then SIGKILL after a grace
/// period. stdout and stderr go to <c>server.out</c> beside the server's own log.
/// </summary>
internal sealed class ServerProcess
{
    private const string OutputFile = "server.out";
    private const string PidFile = "server.pid";

    private readonly string _executable;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string? _logFile;
    private Process? _process;

    /// <summary>Describes the process; <paramref name="logFile"/> is the server's own log, or null when it logs to stderr.</summary>
    public ServerProcess(string directory, string executable, IReadOnlyList<string> arguments, string? logFile)
    {
        Directory = directory;
        _executable = executable;
        _arguments = arguments;
        _logFile = logFile;
    }

    public string Directory { get; }

    /// <summary>The running process's id, or null when stopped.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public bool HasExited => _process is null || _process.HasExited;

    public void Start()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"{_executable} is already running.");
        }

        // exec keeps the pid, so the pid we hold is the server's own; the shell only sets up the redirections.
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add($"exec \"$@\" </dev/null >>{OutputFile} 2>&1");
        startInfo.ArgumentList.Add("sh");
        startInfo.ArgumentList.Add(_executable);
        foreach (var argument in _arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        _process?.Dispose();
        _process = Process.Start(startInfo) ?? throw new DnsTestTreeException($"Could not start {_executable}.");
        File.WriteAllText(Path.Combine(Directory, PidFile), _process.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL and wait for the exit.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var process = _process;
        if (process is null || process.HasExited)
        {
            return;
        }

        ProcessIds.Signal(process.Id, NativeMethods.SigTerm);
        using (var graceSource = new CancellationTokenSource(grace))
        {
            try
            {
                await process.WaitForExitAsync(graceSource.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
            }
        }

        process.Kill();
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>SIGKILL without waiting: for process exit, where nothing async can run.</summary>
    public void KillNow()
    {
        if (_process is { HasExited: false } process)
        {
            ProcessIds.Signal(process.Id, NativeMethods.SigKill);
        }
    }

    /// <summary>The server's log followed by its stdout/stderr, whole.</summary>
    public string ReadLog()
    {
        var output = ReadShared(Path.Combine(Directory, OutputFile));
        if (_logFile is null)
        {
            return output;
        }

        var log = ReadShared(_logFile);
        return output.Length == 0 ? log : $"{log}\n--- {OutputFile} ---\n{output}";
    }

    /// <summary>The last lines of the log and of stdout/stderr, for error messages.</summary>
    public string LogTail(int lines = 25)
    {
        var outputPath = Path.Combine(Directory, OutputFile);
        var output = $"--- {outputPath} (last {lines} lines) ---\n{Tail(ReadShared(outputPath), lines)}";
        return _logFile is null
            ? output
            : $"--- {_logFile} (last {lines} lines) ---\n{Tail(ReadShared(_logFile), lines)}\n{output}";
    }

    private static string Tail(string text, int lines)
    {
        var all = text.TrimEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
        catch (DirectoryNotFoundException)
        {
            return "";
        }
    }
}

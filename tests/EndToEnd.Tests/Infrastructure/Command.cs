using System.Diagnostics;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a program to completion, bounded in time, and captures what it printed and how long it took.</summary>
internal static class Command
{
    public static async Task<CommandResult> RunAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = ChildProcess.StartInfo(program, arguments, environment);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0} s");
        }

        clock.Stop();
        return new CommandResult(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    /// <summary>The absolute path of <paramref name="program"/> (on PATH, or in an sbin folder), or a failure that says
    /// which Debian package brings it.</summary>
    public static string Require(string program, string debianPackage)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator).Concat(["/usr/bin", "/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(folder, program);
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{program} is not installed; scripts/install-test-deps.sh installs it (Debian package {debianPackage}).");
    }
}

using System.Diagnostics;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>Runs a command-line tool (nsupdate, dig, knotc, rndc, ip) to completion and captures its output.</summary>
internal static class Tool
{
    private static readonly string[] _searchPath =
        [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries),
         "/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    /// <summary>Finds an executable on PATH or in the sbin folders (a non-root PATH often lacks them).</summary>
    public static string Find(string name, string package)
    {
        foreach (var folder in _searchPath)
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DnsTestTreeException(
            $"'{name}' was not found on PATH or in /usr/sbin. Install the Debian package '{package}' (scripts/install-test-deps.sh does).");
    }

    public static async Task<ToolResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new DnsTestTreeException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput).ConfigureAwait(false);
        }

        process.StandardInput.Close();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new DnsTestTreeException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', startInfo.ArgumentList)} did not finish within {timeout.TotalSeconds:0.#} s.");
        }

        return new ToolResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}

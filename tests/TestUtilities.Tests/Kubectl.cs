using System.Diagnostics;

namespace Solvers.TestUtilities.Tests;

/// <summary>Runs kubectl (bounded in time) and captures its output.</summary>
internal static class Kubectl
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No ambient config or cache: the test's kubeconfig is the only input.
        start.Environment["KUBECONFIG"] = string.Empty;
        start.Environment["KUBECACHEDIR"] = Path.Combine(Path.GetTempPath(), $"solvers-kubecache-{Guid.NewGuid():N}");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start kubectl");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("kubectl did not finish within 60 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Locate()
    {
        if (File.Exists("/usr/bin/kubectl"))
        {
            return "/usr/bin/kubectl";
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("kubectl is not installed; scripts/install-test-deps.sh installs it (Debian package kubernetes-client)");
        return "kubectl";
    }
}

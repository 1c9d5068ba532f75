using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Solvers.Propagation;

namespace Solvers.Bench.PropagationLatency;

/// <summary>Other programs' use of the CPU during the trials.</summary>
/// <param name="ForeignShare">Share of all cores used by anything but this process and the tree's servers.</param>
/// <param name="LoadBefore">One-minute load average before the trials.</param>
/// <param name="LoadAfter">… and after them.</param>
internal sealed record LoadFacts(double? ForeignShare, double? LoadBefore, double? LoadAfter);

/// <summary>What the report says about the machine and the run.</summary>
internal sealed record MachineFacts(DateTimeOffset Started, TimeSpan Duration, LoadFacts Load, string Cpu, string Os, string Dotnet, string Configuration, string Bind, string Knot, string Version)
{
    public static async Task<MachineFacts> CollectAsync(DateTimeOffset started, TimeSpan duration, LoadFacts load, CancellationToken cancellationToken)
    {
        var model = ReadFirst("/proc/cpuinfo", "model name", ':');
        var cpu = LatencyBenchmark.Invariant($"{Environment.ProcessorCount} logical cores{(model is null ? string.Empty : $" ({model})")}, {RuntimeInformation.OSArchitecture}");
        var os = ReadFirst("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription;
        os = $"{os}, kernel {Environment.OSVersion.Version}";
        var configuration = typeof(MachineFacts).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";
        var version = typeof(PropagationChecker).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return new MachineFacts(
            started,
            duration,
            load,
            cpu,
            os,
            RuntimeInformation.FrameworkDescription,
            configuration,
            await FirstLineAsync("named", "-v", cancellationToken),
            await FirstLineAsync("knotd", "-V", cancellationToken),
            version);
    }

    private static string? ReadFirst(string path, string key, char separator)
    {
        try
        {
            return File.Exists(path)
                ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(separator, 2)[1].Trim()
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<string> FirstLineAsync(string program, string argument, CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, argument) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return "unknown";
            }

            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}

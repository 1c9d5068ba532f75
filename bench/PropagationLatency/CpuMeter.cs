using System.Globalization;

namespace Solvers.Bench.PropagationLatency;

/// <summary>CPU time from <c>/proc</c>: the whole machine's busy time, and the time of this process plus the tree's
/// servers, so the report can say how much of the CPU other programs used during the trials.</summary>
/// <param name="MachineBusy">Busy time of all cores since boot; <see langword="null"/> without <c>/proc/stat</c>.</param>
/// <param name="Ours">This process and the given server processes.</param>
/// <param name="LoadAverage">The one-minute load average, when known.</param>
internal readonly record struct CpuMeter(TimeSpan? MachineBusy, TimeSpan Ours, double? LoadAverage)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux.

    public static CpuMeter Read(IEnumerable<int?> serverPids)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var ours = self.TotalProcessorTime;
        foreach (var pid in serverPids.OfType<int>())
        {
            ours += ProcessTime(pid);
        }

        return new CpuMeter(MachineBusyTime(), ours, LoadAverageNow());
    }

    /// <summary>The share of all cores that other programs used between <paramref name="start"/> and
    /// <paramref name="end"/>; <see langword="null"/> when unknown.</summary>
    public static double? ForeignShare(CpuMeter start, CpuMeter end, TimeSpan elapsed)
    {
        if (start.MachineBusy is not { } busyStart || end.MachineBusy is not { } busyEnd || elapsed <= TimeSpan.Zero)
        {
            return null;
        }

        var foreign = (busyEnd - busyStart) - (end.Ours - start.Ours);
        return Math.Clamp(foreign / (elapsed * Environment.ProcessorCount), 0, 1);
    }

    private static TimeSpan? MachineBusyTime()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
            var busy = fields.Take(8).Sum() - fields[3] - fields[4];
            return TimeSpan.FromSeconds(busy / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static TimeSpan ProcessTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state is field 3, utime 14, stime 15 (1-based over the whole line).
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return TimeSpan.Zero;
        }
    }

    private static double? LoadAverageNow()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}

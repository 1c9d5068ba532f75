using System.Diagnostics;
using System.Globalization;

namespace Solvers.Bench.LoadGenerator;

/// <summary>CPU time of the benchmark's own processes and of the whole machine, so that a measurement can say how
/// much CPU the server spent per request and how much other programs took meanwhile (Linux <c>/proc/stat</c>;
/// elsewhere the machine's share is unknown).</summary>
internal readonly record struct CpuUsage(TimeSpan Server, TimeSpan Ours, TimeSpan? MachineBusy)
{
    // USER_HZ, the unit of /proc/stat; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>Reads the counters now.</summary>
    /// <param name="server">The server under load.</param>
    /// <param name="others">The benchmark's other child processes.</param>
    public static CpuUsage Take(ServerProcess server, IEnumerable<ServerProcess> others)
    {
        using var self = Process.GetCurrentProcess();
        var serverTime = server.ProcessorTime;
        var ours = self.TotalProcessorTime + serverTime + others.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.ProcessorTime);
        return new CpuUsage(serverTime, ours, MachineBusyTime());
    }

    /// <summary>The share of all cores that processes other than the benchmark's used between two readings.</summary>
    public static double? ForeignShare(CpuUsage start, CpuUsage end, TimeSpan elapsed)
    {
        if (start.MachineBusy is not { } busyStart || end.MachineBusy is not { } busyEnd)
        {
            return null;
        }

        var foreign = busyEnd - busyStart - (end.Ours - start.Ours);
        return Math.Clamp(foreign / (elapsed * Environment.ProcessorCount), 0, 1);
    }

    private static TimeSpan? MachineBusyTime()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; guest time is inside user.
            var line = File.Exists("/proc/stat") ? File.ReadLines("/proc/stat").FirstOrDefault() : null;
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                return null;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var busy = fields.Sum() - fields[3] - fields[4];
            return TimeSpan.FromSeconds(busy / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

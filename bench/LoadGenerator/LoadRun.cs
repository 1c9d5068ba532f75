using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Solvers.Bench.LoadGenerator;

/// <summary>Drives one target: <c>connections</c> workers each loop Present then the matching CleanUp, for the
/// warm-up and then the measured window without a pause between them. A request counts when it completes inside the
/// window; each Present and each CleanUp is one request.</summary>
internal static class LoadRun
{
    /// <summary>Warm-up, then the measured window, on <paramref name="target"/>.</summary>
    /// <param name="target">The server to load.</param>
    /// <param name="others">The benchmark's other servers, whose CPU time is not foreign load.</param>
    /// <param name="bodies">Where the request bodies come from.</param>
    /// <param name="options">Connections, warm-up and duration.</param>
    /// <param name="round">The round, for the report.</param>
    /// <param name="cancellationToken">Stops the load (Ctrl+C).</param>
    public static async Task<Measurement> MeasureAsync(
        Target target, IReadOnlyList<ServerProcess> others, ChallengeBodies bodies, RunOptions options, int round, CancellationToken cancellationToken)
    {
        var (workers, cpu) = await DriveAsync(target, others, bodies, options.Connections, options.Warmup, options.Duration, cancellationToken);
        var latencies = workers.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        var serverCpu = cpu.End.Server - cpu.Start.Server;
        return new Measurement(
            target.Label,
            round,
            latencies.LongLength,
            latencies.LongLength / options.Duration.TotalSeconds,
            Milliseconds(Percentile(latencies, 0.50)),
            Milliseconds(Percentile(latencies, 0.99)),
            workers.Sum(w => w.Errors),
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null),
            workers.Sum(w => w.Sent),
            latencies.Length == 0 ? 0 : serverCpu.TotalMicroseconds / latencies.Length,
            CpuUsage.ForeignShare(cpu.Start, cpu.End, options.Duration));
    }

    /// <summary>Unmeasured load, so that the JIT has tiered up the server's and this program's hot paths before
    /// anything is measured; returns how many requests it sent.</summary>
    /// <exception cref="BenchmarkException">A request failed.</exception>
    public static async Task<long> PrimeAsync(Target target, ChallengeBodies bodies, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var (workers, _) = await DriveAsync(target, [], bodies, connections, duration, TimeSpan.Zero, cancellationToken);
        var failed = workers.FirstOrDefault(w => w.Errors > 0);
        return failed is null
            ? workers.Sum(w => w.Sent)
            : throw new BenchmarkException($"{target.Process.Name} failed a request while priming: {failed.FirstError}");
    }

    private static async Task<(Worker[] Workers, (CpuUsage Start, CpuUsage End) Cpu)> DriveAsync(
        Target target,
        IReadOnlyList<ServerProcess> others,
        ChallengeBodies bodies,
        int connections,
        TimeSpan warmup,
        TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var measureFrom = started + Ticks(warmup);
        var measureUntil = measureFrom + Ticks(duration);
        var workers = Enumerable.Range(0, connections)
            .Select(_ => new Worker(target, bodies, measureFrom, measureUntil, cancellationToken))
            .ToArray();
        var running = workers.Select(w => Task.Run(w.RunAsync, cancellationToken)).ToArray();

        // CPU counters at the window's edges, read while the workers run.
        await DelayUntilAsync(measureFrom, cancellationToken);
        var cpuStart = CpuUsage.Take(target.Process, others);
        await DelayUntilAsync(measureUntil, cancellationToken);
        var cpuEnd = CpuUsage.Take(target.Process, others);
        await Task.WhenAll(running);

        if (target.Process.HasExited)
        {
            throw new BenchmarkException(FormattableString.Invariant(
                $"{target.Process.Name} exited with {target.Process.ExitCode} under load; its log ({target.Process.LogFile}) ends:\n{target.Process.LogTail()}"));
        }

        return (workers, (cpuStart, cpuEnd));
    }

    private static Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Nearest-rank percentile of sorted values; 0 when there are none.</summary>
    private static long Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>One keep-alive connection's worth of load; its state is touched by its own loop only.</summary>
    private sealed class Worker(Target target, ChallengeBodies bodies, long measureFrom, long measureUntil, CancellationToken cancellationToken)
    {
        private static readonly Uri _path = new(ChallengeBodies.Path, UriKind.Relative);

        public List<long> Latencies { get; } = new(capacity: 16 * 1024);

        public long Errors { get; private set; }

        public string? FirstError { get; private set; }

        public long Sent { get; private set; }

        public async Task RunAsync()
        {
            while (Stopwatch.GetTimestamp() < measureUntil)
            {
                // The CleanUp goes out even after the window closes, so no value is left behind.
                var (present, cleanUp) = bodies.Next();
                await SendAsync(present);
                await SendAsync(cleanUp);
            }
        }

        private async Task SendAsync(byte[] body)
        {
            var started = Stopwatch.GetTimestamp();
            string? error;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, _path)
                {
                    Version = HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Content = content,
                };
                using var response = await target.Client.SendAsync(request, cancellationToken);
                var received = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                error = target.Check(response.StatusCode, body, received);
            }
            catch (HttpRequestException ex)
            {
                error = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = "no answer within the client's 30 s timeout";
            }

            var ended = Stopwatch.GetTimestamp();
            Sent++;
            if (error is not null)
            {
                Errors++;
                FirstError ??= error;
            }
            else if (ended >= measureFrom && ended < measureUntil)
            {
                Latencies.Add(ended - started);
            }
        }
    }
}

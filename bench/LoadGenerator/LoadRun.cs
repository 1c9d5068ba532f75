using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Solvers.Bench.LoadGenerator;

/// <summary>Drives one target: <c>connections</c> workers each loop Present then the matching CleanUp, for the
/// warm-up and then the measured window without a pause between them. A request counts when it completes inside the
/// window; each Present and each CleanUp is one request.</summary>
internal static class LoadRun
{
    public static async Task<Measurement> MeasureAsync(
        Target target, ChallengeBodies bodies, RunOptions options, int round, CancellationToken cancellationToken)
    {
        var measureFrom = Stopwatch.GetTimestamp() + Ticks(options.Warmup);
        var measureUntil = measureFrom + Ticks(options.Duration);
        var workers = Enumerable.Range(0, options.Connections)
            .Select(_ => new Worker(target, bodies, measureFrom, measureUntil, cancellationToken))
            .ToArray();
        await Task.WhenAll(workers.Select(w => Task.Run(w.RunAsync, cancellationToken)));

        if (target.Process.HasExited)
        {
            throw new BenchmarkException(FormattableString.Invariant(
                $"{target.Process.Name} exited with {target.Process.ExitCode} under load; its log ({target.Process.LogFile}) ends:\n{target.Process.LogTail()}"));
        }

        var latencies = workers.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        return new Measurement(
            target.Label,
            round,
            latencies.LongLength,
            latencies.LongLength / options.Duration.TotalSeconds,
            Milliseconds(Percentile(latencies, 0.50)),
            Milliseconds(Percentile(latencies, 0.99)),
            workers.Sum(w => w.Errors),
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null),
            workers.Sum(w => w.Sent));
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

using System.Diagnostics;
using System.Globalization;
using DnsClient;
using DnsClient.Protocol;
using Solvers.Abstractions;
using Solvers.Propagation;
using Solvers.Testing.DnsServers;

namespace Solvers.Bench.PropagationLatency;

/// <summary>A polling schedule under test: the checker is the same for all, only the intervals differ.</summary>
/// <param name="Name">The row label.</param>
/// <param name="Schedule">The schedule in words.</param>
/// <param name="Checker">One checker per schedule, kept for the run (its zone and NS caches stay warm).</param>
/// <param name="Trials">How many trials this poller gets.</param>
internal sealed record Poller(string Name, string Schedule, PropagationChecker Checker, int Trials);

/// <summary>One trial: times are Stopwatch timestamps.</summary>
/// <param name="Poller">The poller's name.</param>
/// <param name="Index">1-based trial number of this poller.</param>
/// <param name="ReleaseDelayMs">The random wait between starting the checker and releasing transfers.</param>
/// <param name="ReleaseToServeMs">From the start of the release to the probe's first answer with the value.</param>
/// <param name="DelayMs">T_report − T_serve.</param>
/// <param name="Checks">How many checks the checker ran.</param>
/// <param name="Error">Why the trial does not count, or <see langword="null"/>.</param>
internal sealed record Trial(string Poller, int Index, double ReleaseDelayMs, double ReleaseToServeMs, double DelayMs, int Checks, string? Error);

/// <summary>Runs the trials on one test tree and writes the report.</summary>
internal static class LatencyBenchmark
{
    /// <summary>The challenge name all trials use; each trial adds its own value and removes it afterwards.</summary>
    private const string Name = "_acme-challenge.latency.example.test.";

    private static readonly TimeSpan _probeInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan _probeGiveUp = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        Progress("Starting the DNS test tree (BIND9 + Knot on loopback)…");
        await using var tree = await DnsTestTree.StartAsync(new DnsTestTreeOptions { Ipv6 = false }, cancellationToken);
        if (tree.AuthoritativePort is not { } port)
        {
            await Console.Error.WriteLineAsync("Error: the tree has no dedicated addresses (not running as root?); the checker needs NS glue it can use.");
            return 1;
        }

        var secondary = tree.Secondary.Single(e => e.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        var probeClient = new LookupClient(new LookupClientOptions(secondary)
        {
            UseCache = false,
            Recursion = false,
            Retries = 0,
            Timeout = TimeSpan.FromMilliseconds(500),
            UseTcpFallback = true,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });

        PropagationChecker Checker(TimeSpan initial, TimeSpan max) => new(new PropagationOptions
        {
            RecursiveNameservers = tree.Resolver,
            AuthoritativePort = port,
            InitialInterval = initial,
            MaxInterval = max,
        });

        var defaults = new PropagationOptions();
        Poller[] pollers =
        [
            new("adaptive (this checker)", Invariant($"{defaults.InitialInterval.TotalMilliseconds:0} ms doubling to {defaults.MaxInterval.TotalSeconds:0} s; {defaults.InitialInterval.TotalMilliseconds:0} ms for up to {defaults.ConvergingWindow.TotalSeconds:0} s once a server serves it"), Checker(defaults.InitialInterval, defaults.MaxInterval), options.Trials),
            new("fixed 2 s (lego default)", "every 2 s", Checker(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)), options.Trials),
            new("fixed 10 s (cert-manager)", "every 10 s", Checker(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), options.SlowTrials),
        ];

        // Warm-up, unmeasured: JIT, the checkers' zone/NS/address caches and the probe's first exchange.
        Progress("Warming up the checkers and the probe…");
        var fqdn = DnsName.Parse(Name);
        foreach (var poller in pollers)
        {
            await poller.Checker.CheckAsync(fqdn, "warm-up", cancellationToken);
        }

        await SeesAsync(probeClient, "warm-up", cancellationToken);

        var random = new Random(options.Seed);
        var trials = new List<Trial>();
        var rounds = pollers.Max(p => p.Trials);
        var servers = Enum.GetValues<DnsTestServer>().Select(tree.ProcessId).ToArray();
        var cpuStart = CpuMeter.Read(servers);
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var poller in pollers.Where(p => round < p.Trials))
            {
#pragma warning disable CA5394 // Not security: a reproducible spread of release moments.
                var releaseDelay = TimeSpan.FromMilliseconds(random.Next(0, 1001));
#pragma warning restore CA5394
                var trial = await RunTrialAsync(tree, probeClient, poller, round + 1, fqdn, releaseDelay, cancellationToken);
                trials.Add(trial);
                Progress(Invariant($"[{clock.Elapsed:mm\\:ss}] {poller.Name} #{trial.Index}: release after {trial.ReleaseDelayMs:0} ms, served {trial.ReleaseToServeMs:0} ms later, reported {trial.DelayMs:0} ms after that ({trial.Checks} checks){(trial.Error is null ? string.Empty : " — " + trial.Error)}"));
            }
        }

        var elapsed = clock.Elapsed;
        var cpuEnd = CpuMeter.Read(servers);
        var load = new LoadFacts(CpuMeter.ForeignShare(cpuStart, cpuEnd, elapsed), cpuStart.LoadAverage, cpuEnd.LoadAverage);
        var facts = await MachineFacts.CollectAsync(started, elapsed, load, cancellationToken);
        await Console.Out.WriteAsync(Report.Render(options, pollers, trials, facts));
        return trials.Any(t => t.Error is not null) ? 1 : 0;
    }

    private static async Task<Trial> RunTrialAsync(DnsTestTree tree, LookupClient probeClient, Poller poller, int index, DnsName fqdn, TimeSpan releaseDelay, CancellationToken cancellationToken)
    {
        var value = Invariant($"latency-{index}-{Guid.NewGuid():N}");
        await tree.HoldTransfersAsync(cancellationToken);
        await tree.AddTxtAsync(Name, value, cancellationToken: cancellationToken);

        using var stopProbe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stopProbe.CancelAfter(_probeGiveUp);
        var probe = ProbeAsync(probeClient, value, stopProbe.Token);
        var report = TimedWaitAsync(poller.Checker, fqdn, value, cancellationToken);

        await Task.Delay(releaseDelay, cancellationToken);
        var servedEarly = probe.IsCompleted;
        var releasedAt = Stopwatch.GetTimestamp();
        await tree.ReleaseTransfersAsync(cancellationToken);

        long? servedAt;
        try
        {
            servedAt = await probe;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            servedAt = null;
        }

        var (result, reportedAt) = await report;

        await tree.RemoveTxtAsync(Name, value, cancellationToken);
        await tree.WaitForTransferAsync(cancellationToken);

        string? error = (servedEarly, servedAt, result.Propagated) switch
        {
            (true, _, _) => "the secondary served the value before transfers were released",
            (_, null, _) => Invariant($"the probe did not see the value within {_probeGiveUp.TotalSeconds:0} s"),
            (_, _, false) => "the checker reported not propagated: " + result.Summary,
            _ => null,
        };

        var serve = servedAt ?? reportedAt;
        return new Trial(
            poller.Name,
            index,
            releaseDelay.TotalMilliseconds,
            Stopwatch.GetElapsedTime(releasedAt, serve).TotalMilliseconds,
            Stopwatch.GetElapsedTime(serve, reportedAt).TotalMilliseconds,
            result.Attempts,
            error);
    }

    /// <summary>Runs <see cref="PropagationChecker.WaitAsync"/> and takes the time the moment it returns.</summary>
    private static async Task<(PropagationReport Report, long At)> TimedWaitAsync(PropagationChecker checker, DnsName fqdn, string value, CancellationToken cancellationToken)
    {
        var report = await checker.WaitAsync(fqdn, value, cancellationToken);
        return (report, Stopwatch.GetTimestamp());
    }

    /// <summary>Asks the secondary directly (RD=0, no cache) every 5 ms; returns the timestamp of the first answer
    /// with the value.</summary>
    private static async Task<long> ProbeAsync(LookupClient client, string value, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_probeInterval);
        while (true)
        {
            if (await SeesAsync(client, value, cancellationToken))
            {
                return Stopwatch.GetTimestamp();
            }

            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    private static async Task<bool> SeesAsync(LookupClient client, string value, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.QueryAsync(Name, QueryType.TXT, QueryClass.IN, cancellationToken);
            return response.Header.HasAuthorityAnswer
                && response.Answers.OfType<TxtRecord>().Any(t => string.Concat(t.Text) == value);
        }
        catch (DnsResponseException)
        {
            return false;
        }
    }

    private static void Progress(string line) => Console.Error.WriteLine(line);

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

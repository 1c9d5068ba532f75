using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using DnsClient;
using Solvers.Testing.DnsServers.Internal;

namespace Solvers.Testing.DnsServers;

/// <summary>
/// A small real DNS tree on loopback, as child processes: a BIND9 parent (root zone and <c>test.</c>), a BIND9
/// primary for <c>example.test.</c> and <c>other.test.</c>, a Knot secondary for <c>example.test.</c>, and a BIND9
/// resolver that knows only the parent. Start with <see cref="StartAsync"/>; dispose to stop every process.
/// </summary>
/// <remarks>
/// Each server runs in its own folder under <see cref="Directory"/> (configs, zones, logs). Processes are stopped by
/// pid (SIGTERM, then SIGKILL); a test process that dies without disposing has its servers killed by the next tree
/// that starts on the machine.
/// </remarks>
public sealed partial class DnsTestTree : IAsyncDisposable
{
    private static readonly TimeSpan _stopGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _probeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly ConcurrentDictionary<DnsTestTree, byte> _live = new();

    private readonly TreeLayout _layout;
    private readonly TreeSecrets _secrets;
    private readonly TreeTools _tools;
    private readonly Dictionary<DnsTestServer, ServerProcess> _servers;
    private readonly Dictionary<DnsTestServer, Blackhole> _blackholes = [];
    private readonly HashSet<DnsTestServer> _refusing = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _transfersHeld;
    private int _disposed;

    static DnsTestTree()
    {
        // A test host that exits without disposing (an unhandled exception, Environment.Exit) leaves no servers behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var tree in _live.Keys)
            {
                tree.KillAllNow();
            }
        };
    }

    private DnsTestTree(DnsTestTreeOptions options, TreeLayout layout, TreeSecrets secrets, TreeTools tools, string directory)
    {
        Options = options;
        _layout = layout;
        _secrets = secrets;
        _tools = tools;
        Directory = directory;
        _servers = new()
        {
            [DnsTestServer.Parent] = Named(DnsTestServer.Parent),
            [DnsTestServer.Primary] = Named(DnsTestServer.Primary),
            [DnsTestServer.Secondary] = new ServerProcess(
                ServerDirectory(DnsTestServer.Secondary), tools.Knotd, ["-c", KnotConfPath], Path.Combine(ServerDirectory(DnsTestServer.Secondary), "knotd.log")),
            [DnsTestServer.Resolver] = Named(DnsTestServer.Resolver),
        };

        ServerProcess Named(DnsTestServer server)
        {
            var folder = ServerDirectory(server);
            // -g: foreground, everything logged to stderr, including config errors, which -f would send to syslog only.
            // -n 1: one worker thread is plenty for a test.
            return new ServerProcess(folder, tools.Named, ["-g", "-n", "1", "-c", Path.Combine(folder, "named.conf")], logFile: null);
        }
    }

    /// <summary>The options the tree was started with.</summary>
    public DnsTestTreeOptions Options { get; }

    /// <summary>The tree's temp folder: one subfolder per server (<c>parent</c>, <c>primary</c>, <c>secondary</c>, <c>resolver</c>).</summary>
    public string Directory { get; }

    /// <summary>True when each server has its own 127.0.0.N (see <see cref="DnsTestTreeAddressing"/>).</summary>
    public bool HasDedicatedAddresses => _layout.Dedicated;

    /// <summary>
    /// The port behind every address in the tree's NS and glue records (53 by default as root), or null with
    /// <see cref="DnsTestTreeAddressing.SharedLoopback"/>, where each server has its own port on 127.0.0.1.
    /// </summary>
    public int? AuthoritativePort => _layout.Dedicated ? _layout.Parent.Port : null;

    /// <summary>The parent (root zone and <c>test.</c>), e.g. 127.0.0.2:53.</summary>
    public IPEndPoint[] Parent => _layout.Endpoints(DnsTestServer.Parent);

    /// <summary><c>ns1.example.test.</c>, e.g. 127.0.0.3:53 and [::1]:53.</summary>
    public IPEndPoint[] Primary => _layout.Endpoints(DnsTestServer.Primary);

    /// <summary><c>ns2.example.test.</c> (Knot), e.g. 127.0.0.4:53.</summary>
    public IPEndPoint[] Secondary => _layout.Endpoints(DnsTestServer.Secondary);

    /// <summary>The recursive resolver, e.g. 127.0.0.5:53.</summary>
    public IPEndPoint[] Resolver => _layout.Endpoints(DnsTestServer.Resolver);

    /// <summary><c>test.</c>, served by <see cref="Parent"/> together with the root zone.</summary>
    public static string ParentZone => Zones.Parent;

    /// <summary><c>example.test.</c>: primary on <see cref="Primary"/>, secondary on <see cref="Secondary"/>.</summary>
    public static string Zone => Zones.Example;

    /// <summary><c>other.test.</c>, on <see cref="Primary"/> only: a place for CNAME targets.</summary>
    public static string OtherZone => Zones.Other;

    /// <summary><c>knot.test.</c>: primary on <see cref="Secondary"/> (Knot, <c>ns.knot.test.</c>), which takes RFC 2136
    /// updates for it signed with <see cref="TsigKey"/>. Delegated from <see cref="ParentZone"/>; no other server has it.</summary>
    public static string KnotZone => Zones.Knot;

    /// <summary><c>ns1.example.test.</c></summary>
    public static string PrimaryNameServer => Zones.PrimaryNameServer;

    /// <summary><c>ns2.example.test.</c></summary>
    public static string SecondaryNameServer => Zones.SecondaryNameServer;

    /// <summary>The key the primary accepts RFC 2136 updates with, for <see cref="Zone"/> and <see cref="OtherZone"/>, and
    /// the secondary (Knot) for <see cref="KnotZone"/>.</summary>
    public TsigKey TsigKey => _secrets.Tsig;

    /// <summary>One more update key per TSIG algorithm (<c>hmac-md5</c>, <c>hmac-sha1</c>, <c>hmac-sha256</c>,
    /// <c>hmac-sha384</c>, <c>hmac-sha512</c>), named after <see cref="TsigKey"/> plus the algorithm, accepted wherever
    /// <see cref="TsigKey"/> is.</summary>
    public IReadOnlyList<TsigKey> AlgorithmKeys => _secrets.AlgorithmKeys;

    /// <summary>True between <see cref="HoldTransfersAsync"/> and <see cref="ReleaseTransfersAsync"/>.</summary>
    public bool TransfersHeld => _transfersHeld;

    /// <summary>The endpoints of one server.</summary>
    public IPEndPoint[] EndpointsOf(DnsTestServer server) => _layout.Endpoints(server);

    /// <summary>The server's process id, or null while it is stopped.</summary>
    public int? ProcessId(DnsTestServer server) => _servers[server].ProcessId;

    /// <summary>The server's whole log: named's stderr (<c>server.out</c>), or knotd.log followed by knotd's stderr.</summary>
    public string ReadLog(DnsTestServer server) => _servers[server].ReadLog();

    /// <summary>Starts the four servers and waits until each answers (the secondary with the primary's serial).</summary>
    /// <exception cref="DnsTestTreeException">A tool is missing, an endpoint is taken, or a server did not come up; the message has its log tail.</exception>
    public static async Task<DnsTestTree> StartAsync(DnsTestTreeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DnsTestTreeOptions();
        options.Validate();

        var tools = TreeTools.Find();
        StaleTrees.Reap();
        var layout = await TreeLayout.ClaimAsync(options, cancellationToken).ConfigureAwait(false);
        DnsTestTree tree;
        try
        {
            if (layout.Dedicated)
            {
                await Loopback.EnsureAddressesAsync(
                    [layout.Parent.Address, layout.Primary.Address, layout.Secondary.Address, layout.Resolver.Address],
                    options.StartTimeout, cancellationToken).ConfigureAwait(false);
            }

            var directory = Path.Combine(StaleTrees.TreesDirectory,
                $"{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}");
            EndpointLocks.EnsureSharedDirectory(StaleTrees.TreesDirectory);
            System.IO.Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, StaleTrees.OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            tree = new DnsTestTree(options, layout, TreeSecrets.Create(options.TsigKeyName), tools, directory);
        }
        catch
        {
            layout.Dispose();
            throw;
        }

        _live.TryAdd(tree, 0);
        try
        {
            tree.WriteFiles();
            await tree.StartAllAsync(cancellationToken).ConfigureAwait(false);
            return tree;
        }
        catch (Exception e)
        {
            // Keep the configs and logs of a tree that failed to start, for a look; the message already has the log tail.
            var failed = e is DnsTestTreeException;
            await tree.StopAllAsync(keepFiles: failed).ConfigureAwait(false);
            if (failed)
            {
                throw new DnsTestTreeException($"{e.Message}\nThe tree's files are kept in {tree.Directory}.", e);
            }

            throw;
        }
    }

    /// <summary>Stops every server (SIGTERM, then SIGKILL after 5 s), releases the endpoints and deletes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Let a running Stop/Start/Refuse/Hold finish first; later ones throw ObjectDisposedException.
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopAllAsync(Options.KeepFiles).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes the lock that serialises the operations that change servers' state.</summary>
    private async Task<SemaphoreSlim> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _disposed) == 1)
        {
            _gate.Release();
            throw new ObjectDisposedException(nameof(DnsTestTree));
        }

        return _gate;
    }

    private string ServerDirectory(DnsTestServer server) =>
        Path.Combine(Directory, server.ToString().ToLowerInvariant());

    private string KnotConfPath => Path.Combine(ServerDirectory(DnsTestServer.Secondary), "knot.conf");

    private void WriteFiles()
    {
        foreach (var server in Enum.GetValues<DnsTestServer>())
        {
            System.IO.Directory.CreateDirectory(ServerDirectory(server));
        }

        var parent = ServerDirectory(DnsTestServer.Parent);
        File.WriteAllText(Path.Combine(parent, "root.zone"), ZoneFiles.Root(_layout));
        File.WriteAllText(Path.Combine(parent, "test.zone"), ZoneFiles.Parent(_layout));

        var primary = ServerDirectory(DnsTestServer.Primary);
        File.WriteAllText(Path.Combine(primary, "example.test.zone"), ZoneFiles.Example(_layout));
        File.WriteAllText(Path.Combine(primary, "other.test.zone"), ZoneFiles.Other(_layout));
        File.WriteAllText(Path.Combine(primary, "root.hints"), ZoneFiles.RootHints(_layout));
        File.WriteAllText(Path.Combine(ServerDirectory(DnsTestServer.Resolver), "root.hints"), ZoneFiles.RootHints(_layout));

        System.IO.Directory.CreateDirectory(Path.Combine(ServerDirectory(DnsTestServer.Secondary), "db"));
        System.IO.Directory.CreateDirectory(Path.Combine(ServerDirectory(DnsTestServer.Secondary), "zones"));
        File.WriteAllText(Path.Combine(ServerDirectory(DnsTestServer.Secondary), "zones", KnotPrimaryZone.FileName), ZoneFiles.Knot(_layout));
        foreach (var server in Enum.GetValues<DnsTestServer>())
        {
            WriteConfig(server);
        }
    }

    private void WriteConfig(DnsTestServer server)
    {
        var folder = ServerDirectory(server);
        var refusing = _refusing.Contains(server);
        if (server == DnsTestServer.Secondary)
        {
            File.WriteAllText(KnotConfPath, KnotConfig.Render(_layout, folder, refusing) + KnotPrimaryZone.RenderKnot(folder, _secrets));
            return;
        }

        var namedConf = NamedConfig.Render(server, _layout, folder, _secrets, refusing, Options.QueryLog);
        if (server == DnsTestServer.Resolver)
        {
            namedConf += KnotPrimaryZone.RenderResolverForward(_layout);
        }

        File.WriteAllText(Path.Combine(folder, "named.conf"), namedConf);
        File.WriteAllText(Path.Combine(folder, "rndc.conf"), NamedConfig.RenderRndcConf(_layout[server], _secrets));
    }

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        _servers[DnsTestServer.Parent].Start();
        _servers[DnsTestServer.Primary].Start();
        _servers[DnsTestServer.Resolver].Start();
        // Knot starts once the primary answers, or its first transfer would fail and wait for the SOA retry interval.
        await WaitReadyAsync(DnsTestServer.Primary, strict: true, cancellationToken).ConfigureAwait(false);
        _servers[DnsTestServer.Secondary].Start();
        await WaitReadyAsync(DnsTestServer.Parent, strict: true, cancellationToken).ConfigureAwait(false);
        await WaitReadyAsync(DnsTestServer.Secondary, strict: true, cancellationToken).ConfigureAwait(false);
        await WaitReadyAsync(DnsTestServer.Resolver, strict: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task StopAllAsync(bool keepFiles)
    {
        try
        {
            await Task.WhenAll(_servers.Values.Select(s => s.StopAsync(_stopGrace))).ConfigureAwait(false);
        }
        finally
        {
            foreach (var blackhole in _blackholes.Values)
            {
                blackhole.Dispose();
            }

            _blackholes.Clear();
            _layout.Dispose();
            _live.TryRemove(this, out _);
            CleanUpDirectory(keepFiles);
        }
    }

    private void CleanUpDirectory(bool keepFiles)
    {
        try
        {
            if (keepFiles)
            {
                File.WriteAllText(Path.Combine(Directory, StaleTrees.KeepFile), "");
                File.Delete(Path.Combine(Directory, StaleTrees.OwnerFile));
            }
            else
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the next tree's reaper.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void KillAllNow()
    {
        foreach (var server in _servers.Values)
        {
            server.KillNow();
        }
    }

    /// <summary>Polls until <see cref="CheckReadyAsync"/> is satisfied, failing fast when the process exits.</summary>
    private async Task WaitReadyAsync(DnsTestServer server, bool strict, CancellationToken cancellationToken)
    {
        var process = _servers[server];
        var elapsed = Stopwatch.StartNew();
        TimeSpan? lastRefresh = null;
        string? problem;
        while (true)
        {
            if (process.HasExited)
            {
                throw new DnsTestTreeException(
                    $"The {server} server ({Path.GetFileName(server == DnsTestServer.Secondary ? _tools.Knotd : _tools.Named)}) "
                    + $"exited during start-up.\n{process.LogTail()}");
            }

            problem = await CheckReadyAsync(server, strict, cancellationToken).ConfigureAwait(false);
            if (problem is null)
            {
                return;
            }

            if (elapsed.Elapsed > Options.StartTimeout)
            {
                break;
            }

            // A restarted secondary only looks at the primary on its refresh timer (an hour): ask it now.
            if (server == DnsTestServer.Secondary && problem.StartsWith("serial", StringComparison.Ordinal)
                && (lastRefresh is null || elapsed.Elapsed - lastRefresh > TimeSpan.FromSeconds(1)))
            {
                lastRefresh = elapsed.Elapsed;
                await KnotcAsync(["zone-refresh", Zones.Example], throwOnError: false, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(_pollInterval, cancellationToken).ConfigureAwait(false);
        }

        throw new DnsTestTreeException(
            $"The {server} server ({EndpointLocks.Format(_layout[server].Endpoint)}) was not ready within "
            + $"{Options.StartTimeout.TotalSeconds:0.#} s: {problem}.\n{process.LogTail()}");
    }

    /// <summary>Null when the server answers as it should; otherwise what is still wrong.</summary>
    private async Task<string?> CheckReadyAsync(DnsTestServer server, bool strict, CancellationToken cancellationToken)
    {
        var endpoint = _layout[server].Endpoint;
        if (_refusing.Contains(server))
        {
            var (refused, noAnswer) = await DnsProbe.QueryAsync(endpoint, Zones.Example, QueryType.SOA, recursion: true, _probeTimeout, cancellationToken)
                .ConfigureAwait(false);
            return refused is null ? noAnswer
                : refused.Header.ResponseCode == DnsHeaderResponseCode.Refused ? null
                : $"answers {refused.Header.ResponseCode}, not REFUSED";
        }

        switch (server)
        {
            case DnsTestServer.Parent:
                return await CheckSoaAsync(endpoint, Zones.Parent, cancellationToken).ConfigureAwait(false);
            case DnsTestServer.Primary:
                return await CheckSoaAsync(endpoint, Zones.Example, cancellationToken).ConfigureAwait(false)
                    ?? await CheckSoaAsync(endpoint, Zones.Other, cancellationToken).ConfigureAwait(false);
            case DnsTestServer.Secondary:
                var problem = await CheckSoaAsync(endpoint, Zones.Example, cancellationToken).ConfigureAwait(false)
                    ?? await CheckSoaAsync(endpoint, Zones.Knot, cancellationToken).ConfigureAwait(false);
                if (problem is not null || _transfersHeld || _refusing.Contains(DnsTestServer.Primary) || _servers[DnsTestServer.Primary].HasExited)
                {
                    return problem;
                }

                var primary = await TrySerialAsync(_layout.Primary.Endpoint, Zones.Example, recursion: false, cancellationToken).ConfigureAwait(false);
                var secondary = await TrySerialAsync(endpoint, Zones.Example, recursion: false, cancellationToken).ConfigureAwait(false);
                return primary == secondary ? null : $"serial {secondary} while the primary has {primary}";
            default:
                var (response, noResponse) = await DnsProbe.QueryAsync(endpoint, Zones.Example, QueryType.SOA, recursion: true, _probeTimeout, cancellationToken)
                    .ConfigureAwait(false);
                if (response is null)
                {
                    return noResponse;
                }

                // After a restart the resolver only has to answer: the servers it depends on may be down on purpose.
                return !strict || (response.Header.ResponseCode == DnsHeaderResponseCode.NoError && response.Answers.SoaRecords().Any())
                    ? null
                    : $"recursion for {Zones.Example} SOA gave {response.Header.ResponseCode} with {response.Answers.Count} answers";
        }
    }

    private static async Task<string?> CheckSoaAsync(IPEndPoint endpoint, string zone, CancellationToken cancellationToken)
    {
        var (response, problem) = await DnsProbe.QueryAsync(endpoint, zone, QueryType.SOA, recursion: false, _probeTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (response is null)
        {
            return problem;
        }

        return response.Header.ResponseCode == DnsHeaderResponseCode.NoError && response.Header.HasAuthorityAnswer && response.Answers.SoaRecords().Any()
            ? null
            : $"{zone} SOA gave {response.Header.ResponseCode} (authoritative: {response.Header.HasAuthorityAnswer})";
    }

    private static async Task<uint?> TrySerialAsync(IPEndPoint endpoint, string zone, bool recursion, CancellationToken cancellationToken)
    {
        var (response, _) = await DnsProbe.QueryAsync(endpoint, zone, QueryType.SOA, recursion, _probeTimeout, cancellationToken)
            .ConfigureAwait(false);
        return response?.Answers.SoaRecords().FirstOrDefault()?.Serial;
    }
}

using System.Globalization;
using Solvers.Testing.DnsServers.Internal;

namespace Solvers.Testing.DnsServers;

/// <summary>Making the tree misbehave on purpose: servers down, refusing, transfers held.</summary>
public sealed partial class DnsTestTree
{
    /// <summary>
    /// Stops a server's process. With <see cref="ServerDownMode.Unresponsive"/> (the default) its endpoints stay bound
    /// and silent, so queries time out; with <see cref="ServerDownMode.PortClosed"/> they fail at once.
    /// A stopped server can be stopped again to change the mode.
    /// </summary>
    public async Task StopServerAsync(DnsTestServer server, ServerDownMode mode = ServerDownMode.Unresponsive, CancellationToken cancellationToken = default)
    {
        var gate = await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _servers[server].StopAsync(_stopGrace).ConfigureAwait(false);
            if (_blackholes.Remove(server, out var previous))
            {
                previous.Dispose();
            }

            if (mode == ServerDownMode.Unresponsive)
            {
                _blackholes[server] = Blackhole.Bind(_layout.Endpoints(server));
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Starts a stopped server with the same configuration and data, and waits until it answers (the secondary also
    /// until it has the primary's serial, unless the primary is down or transfers are held). No-op when running.
    /// </summary>
    public async Task StartServerAsync(DnsTestServer server, CancellationToken cancellationToken = default)
    {
        var gate = await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_servers[server].HasExited)
            {
                return;
            }

            if (_blackholes.Remove(server, out var blackhole))
            {
                blackhole.Dispose();
            }

            _servers[server].Start();
            if (server == DnsTestServer.Secondary && _transfersHeld)
            {
                // A freeze does not survive a restart of knotd.
                await WaitReadyAsync(server, strict: false, cancellationToken).ConfigureAwait(false);
                await KnotcAsync(["-b", "zone-freeze", Zones.Example], throwOnError: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            await WaitReadyAsync(server, strict: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Makes a server answer REFUSED (<paramref name="refusing"/> true) or serve again. The BIND servers get
    /// <c>allow-query {{ none; }}</c> (and the resolver <c>allow-recursion {{ none; }}</c>) through <c>rndc reconfig</c>;
    /// Knot drops <c>example.test.</c> from its configuration, so it refuses as for any zone it does not serve, and
    /// loads it back from its own copy when serving again. The setting survives <see cref="StartServerAsync"/>.
    /// </summary>
    public async Task SetRefusingAsync(DnsTestServer server, bool refusing, CancellationToken cancellationToken = default)
    {
        var gate = await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (refusing ? !_refusing.Add(server) : !_refusing.Remove(server))
            {
                return;
            }

            WriteConfig(server);
            if (_servers[server].HasExited)
            {
                return;
            }

            if (server == DnsTestServer.Secondary)
            {
                await KnotcAsync(["conf-begin"], throwOnError: true, cancellationToken).ConfigureAwait(false);
                try
                {
                    var zone = $"zone[{Zones.Example}]";
                    if (refusing)
                    {
                        await KnotcAsync(["conf-unset", zone], throwOnError: true, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await KnotcAsync(["conf-set", zone], throwOnError: true, cancellationToken).ConfigureAwait(false);
                        await KnotcAsync(["conf-set", $"{zone}.template", KnotConfig.ZoneTemplate], throwOnError: true, cancellationToken).ConfigureAwait(false);
                    }

                    await KnotcAsync(["conf-commit"], throwOnError: true, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await KnotcAsync(["conf-abort"], throwOnError: false, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }

                if (!refusing && _transfersHeld)
                {
                    await WaitReadyAsync(server, strict: false, cancellationToken).ConfigureAwait(false);
                    await KnotcAsync(["-b", "zone-freeze", Zones.Example], throwOnError: true, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await RndcAsync(server, ["reconfig"], cancellationToken).ConfigureAwait(false);
            }

            await WaitReadyAsync(server, strict: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Keeps the secondary on its current serial: <c>knotc zone-freeze</c>. The primary still sends NOTIFY and Knot
    /// still receives it, but postpones the refresh until <see cref="ReleaseTransfersAsync"/>. Lost if the secondary
    /// is restarted by anything but <see cref="StartServerAsync"/>.
    /// </summary>
    public async Task HoldTransfersAsync(CancellationToken cancellationToken = default)
    {
        var gate = await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // -b: return once the freeze event has run, so an update right after it cannot slip through.
            await KnotcAsync(["-b", "zone-freeze", Zones.Example], throwOnError: true, cancellationToken).ConfigureAwait(false);
            _transfersHeld = true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Thaws the secondary (<c>knotc zone-thaw</c>), asks it to refresh, and waits until it has the primary's serial.
    /// Returns that serial.
    /// </summary>
    public async Task<uint> ReleaseTransfersAsync(CancellationToken cancellationToken = default)
    {
        var gate = await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await KnotcAsync(["-b", "zone-thaw", Zones.Example], throwOnError: true, cancellationToken).ConfigureAwait(false);
            _transfersHeld = false;
            await KnotcAsync(["zone-refresh", Zones.Example], throwOnError: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }

        return await WaitForTransferAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Empties the resolver's cache (<c>rndc flush</c>), e.g. after records changed within their TTL.</summary>
    public async Task FlushResolverCacheAsync(CancellationToken cancellationToken = default) =>
        await RndcAsync(DnsTestServer.Resolver, ["flush"], cancellationToken).ConfigureAwait(false);

    private async Task<ToolResult> KnotcAsync(IReadOnlyList<string> arguments, bool throwOnError, CancellationToken cancellationToken)
    {
        var socket = Path.Combine(ServerDirectory(DnsTestServer.Secondary), "knot.sock");
        var timeoutSeconds = Math.Max(1, (int)Options.StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var result = await Tool.RunAsync(_tools.Knotc, ["-s", socket, "-t", timeoutSeconds, .. arguments], null, Options.StartTimeout, cancellationToken)
            .ConfigureAwait(false);
        // knotc exits 0 even for some failures, which it reports as "error: ..." on stderr.
        if (throwOnError && (!result.Succeeded || result.StandardError.Contains("error", StringComparison.OrdinalIgnoreCase)))
        {
            throw new DnsTestTreeException(
                $"knotc {string.Join(' ', arguments)} failed (exit {result.ExitCode}): {result.Output}\n{_servers[DnsTestServer.Secondary].LogTail()}");
        }

        return result;
    }

    private async Task RndcAsync(DnsTestServer server, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await Tool.RunAsync(
            _tools.Rndc, ["-c", Path.Combine(ServerDirectory(server), "rndc.conf"), .. arguments], null, Options.StartTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new DnsTestTreeException(
                $"rndc {string.Join(' ', arguments)} on the {server} server failed (exit {result.ExitCode}): {result.Output}\n{_servers[server].LogTail()}");
        }
    }
}

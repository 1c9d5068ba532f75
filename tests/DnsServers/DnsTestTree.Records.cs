using System.Globalization;
using System.Text;
using DnsClient;
using Solvers.Testing.DnsServers.Internal;

namespace Solvers.Testing.DnsServers;

/// <summary>Changing and reading zone data: RFC 2136 updates through nsupdate, SOA serials, AXFR through dig.</summary>
public sealed partial class DnsTestTree
{
    /// <summary>Adds a TXT value at <paramref name="fqdn"/> (in <see cref="Zone"/> or <see cref="OtherZone"/> on the primary,
    /// or in <see cref="KnotZone"/> on the secondary).</summary>
    /// <remarks>
    /// Returns once the primary has it. The secondary follows on NOTIFY within milliseconds, but not at once: before
    /// asking the resolver (which may ask either server) or the secondary, await <see cref="WaitForTransferAsync"/>.
    /// </remarks>
    public Task AddTxtAsync(string fqdn, string value, int ttl = 60, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = Zones.Normalize(fqdn);
        return UpdateAsync(Zones.PrimaryZoneOf(name), [$"update add {name} {Ttl(ttl)} IN TXT {TxtData(value)}"], cancellationToken: cancellationToken);
    }

    /// <summary>Removes exactly that TXT value; other values at the name stay. An absent value is no error.</summary>
    public Task RemoveTxtAsync(string fqdn, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = Zones.Normalize(fqdn);
        return UpdateAsync(Zones.PrimaryZoneOf(name), [$"update delete {name} IN TXT {TxtData(value)}"], cancellationToken: cancellationToken);
    }

    /// <summary>Makes <paramref name="fqdn"/> a CNAME to <paramref name="target"/>, replacing any CNAME there.</summary>
    public Task SetCnameAsync(string fqdn, string target, int ttl = 60, CancellationToken cancellationToken = default)
    {
        var name = Zones.Normalize(fqdn);
        return UpdateAsync(
            Zones.PrimaryZoneOf(name),
            [$"update delete {name} IN CNAME", $"update add {name} {Ttl(ttl)} IN CNAME {Zones.Normalize(target)}"],
            cancellationToken: cancellationToken);
    }

    /// <summary>Removes the CNAME at <paramref name="fqdn"/>, if any.</summary>
    public Task RemoveCnameAsync(string fqdn, CancellationToken cancellationToken = default)
    {
        var name = Zones.Normalize(fqdn);
        return UpdateAsync(Zones.PrimaryZoneOf(name), [$"update delete {name} IN CNAME"], cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Sends one RFC 2136 update to the zone's primary (the Knot secondary for <see cref="KnotZone"/>, the BIND primary
    /// otherwise) with <c>nsupdate</c>, signed with <paramref name="key"/> (default
    /// <see cref="TsigKey"/>). <paramref name="commands"/> are nsupdate lines such as <c>update add a.example.test. 60 IN A 127.0.0.9</c>
    /// or <c>prereq nxdomain a.example.test.</c>; <c>server</c>, <c>zone</c> and <c>send</c> are added.
    /// </summary>
    /// <exception cref="DnsTestTreeException">The primary rejected the update (the message has nsupdate's output, e.g. <c>NOTAUTH(BADSIG)</c>).</exception>
    public async Task UpdateAsync(string zone, IEnumerable<string> commands, TsigKey? key = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        key ??= TsigKey;
        var primary = Zones.Normalize(zone) == Zones.Knot ? _layout.Secondary : _layout.Primary;
        var script = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"server {primary.Address} {primary.Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"zone {Zones.Normalize(zone)}");
        foreach (var command in commands)
        {
            script.AppendLine(command);
        }

        script.AppendLine("send");
        var timeoutSeconds = Math.Max(1, (int)Options.StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var result = await Tool.RunAsync(
            _tools.Nsupdate, ["-y", $"{key.Algorithm}:{key.Name}:{key.Secret}", "-t", timeoutSeconds], script.ToString(), Options.StartTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new DnsTestTreeException(
                $"nsupdate to {EndpointLocks.Format(primary.Endpoint)} for {Zones.Normalize(zone)} failed (exit {result.ExitCode}): {result.Output}");
        }
    }

    /// <summary>The SOA serial a server answers for <paramref name="zone"/> (default <see cref="ParentZone"/> for the parent, <see cref="Zone"/> otherwise).</summary>
    /// <remarks>The resolver answers from its cache, so its serial can lag for up to the SOA TTL (60 s).</remarks>
    /// <exception cref="DnsTestTreeException">No SOA came back.</exception>
    public async Task<uint> GetSerialAsync(DnsTestServer server, string? zone = null, CancellationToken cancellationToken = default)
    {
        zone = zone is null ? (server == DnsTestServer.Parent ? Zones.Parent : Zones.Example) : Zones.Normalize(zone);
        var (response, problem) = await DnsProbe.QueryAsync(
            _layout[server].Endpoint, zone, QueryType.SOA, recursion: server == DnsTestServer.Resolver, Options.StartTimeout, cancellationToken)
            .ConfigureAwait(false);
        return response?.Answers.SoaRecords().FirstOrDefault()?.Serial
            ?? throw new DnsTestTreeException(
                $"The {server} server gave no SOA for {zone}: {problem ?? response!.Header.ResponseCode.ToString()}.\n{_servers[server].LogTail()}");
    }

    /// <summary>Waits until the secondary has the primary's serial for <see cref="Zone"/>, and returns it.</summary>
    /// <exception cref="DnsTestTreeException">Not within <see cref="DnsTestTreeOptions.StartTimeout"/>.</exception>
    public async Task<uint> WaitForTransferAsync(CancellationToken cancellationToken = default)
    {
        var primary = await GetSerialAsync(DnsTestServer.Primary, Zones.Example, cancellationToken).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + Options.StartTimeout;
        uint? secondary;
        do
        {
            secondary = await TrySerialAsync(_layout.Secondary.Endpoint, Zones.Example, recursion: false, cancellationToken).ConfigureAwait(false);
            if (secondary is { } s && (int)(s - primary) >= 0)
            {
                return s;
            }

            await Task.Delay(_pollInterval, cancellationToken).ConfigureAwait(false);
        }
        while (DateTime.UtcNow < deadline);

        throw new DnsTestTreeException(
            $"The secondary still has serial {secondary?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} for {Zones.Example} after "
            + $"{Options.StartTimeout.TotalSeconds:0.#} s; the primary has {primary}{(_transfersHeld ? " (transfers are held)" : "")}.\n"
            + _servers[DnsTestServer.Secondary].LogTail());
    }

    /// <summary>
    /// The zone as <c>dig axfr</c> gets it from a server (the SOA once, first), for snapshot comparisons.
    /// Every server allows transfers from loopback.
    /// </summary>
    /// <exception cref="DnsTestTreeException">The transfer failed.</exception>
    public async Task<IReadOnlyList<ZoneRecord>> AxfrAsync(DnsTestServer server, string zone, CancellationToken cancellationToken = default)
    {
        zone = Zones.Normalize(zone);
        var endpoint = _layout[server].Endpoint;
        var result = await Tool.RunAsync(
            _tools.Dig,
            [$"@{endpoint.Address}", "-p", endpoint.Port.ToString(CultureInfo.InvariantCulture), zone, "AXFR",
             "+onesoa", "+nocmd", "+nostats", "+nocomments", "+tries=1", "+time=5"],
            null, Options.StartTimeout, cancellationToken).ConfigureAwait(false);

        var records = new List<ZoneRecord>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith(';'))
            {
                continue;
            }

            // name ttl class type rdata...
            var fields = line.Split([' ', '\t'], 5, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ttl))
            {
                throw new DnsTestTreeException($"Unexpected line in dig's AXFR output for {zone} from {server}: {line}");
            }

            var data = string.Join(' ', fields[4].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            records.Add(new ZoneRecord(fields[0].ToLowerInvariant(), ttl, fields[3], data));
        }

        if (!result.Succeeded || records.Count == 0 || records[0].Type != "SOA")
        {
            throw new DnsTestTreeException(
                $"AXFR of {zone} from the {server} server ({EndpointLocks.Format(endpoint)}) failed: {result.Output}");
        }

        return records;
    }

    private static string Ttl(int ttl) => ttl >= 0
        ? ttl.ToString(CultureInfo.InvariantCulture)
        : throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "TTL must not be negative.");

    /// <summary>TXT RDATA in presentation format: quoted strings of at most 255 characters, quotes and backslashes escaped.</summary>
    private static string TxtData(string value)
    {
        if (value.Length == 0)
        {
            return "\"\"";
        }

        return string.Join(' ', value.Chunk(255).Select(chunk =>
            "\"" + new string(chunk).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
    }
}

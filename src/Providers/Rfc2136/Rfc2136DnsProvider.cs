using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Solvers.Abstractions;
using Solvers.Providers.Rfc2136.Internal;

namespace Solvers.Providers.Rfc2136;

/// <summary>The <c>rfc2136</c> solver: RFC 2136 dynamic updates, TSIG-signed (RFC 8945), to the zone's primary server.
/// Works with any server that takes them: BIND, Knot, PowerDNS, Windows DNS.</summary>
/// <remarks>Stateless and safe for concurrent calls: each call sends one UPDATE that adds or deletes exactly its own
/// TXT RR (name, type and value), which the server applies atomically, so calls never need to be serialised.</remarks>
public sealed class Rfc2136DnsProvider : IDnsProvider<Rfc2136Config>
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the provider.</summary>
    /// <param name="logger">Where debug lines about each update go; none when null.</param>
    /// <param name="timeProvider">The clock that TSIG signatures are dated by; the system clock when null.</param>
    public Rfc2136DnsProvider(ILogger<Rfc2136DnsProvider>? logger = null, TimeProvider? timeProvider = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name => Rfc2136Solver.Name;

    /// <summary>Adds the TXT RR (RFC 2136 section 2.5.1). The server adds nothing when the same value is present already.</summary>
    /// <exception cref="DnsProviderException">The server rejected the update or did not answer; the message says why.</exception>
    public Task PresentAsync(DnsChallenge challenge, Rfc2136Config config, CancellationToken cancellationToken) =>
        UpdateAsync(challenge, config, add: true, cancellationToken);

    /// <summary>Deletes exactly the TXT RR with this value (RFC 2136 section 2.5.4); an absent value is no error.</summary>
    /// <exception cref="DnsProviderException">The server rejected the update or did not answer; the message says why.</exception>
    public Task CleanUpAsync(DnsChallenge challenge, Rfc2136Config config, CancellationToken cancellationToken) =>
        UpdateAsync(challenge, config, add: false, cancellationToken);

    private async Task UpdateAsync(DnsChallenge challenge, Rfc2136Config config, bool add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(config);
        cancellationToken.ThrowIfCancellationRequested();
        ConfigRules.ThrowIfInvalid(config);
        CheckValue(challenge.Value);

        var nameserver = NameserverAddress.Parse(config.Nameserver);
        var key = await ReadKeyAsync(config, challenge.Context.Secrets, cancellationToken).ConfigureAwait(false);
        var addresses = await ResolveAsync(nameserver, challenge.Zone, cancellationToken).ConfigureAwait(false);
        var timeout = TimeSpan.FromSeconds(config.TimeoutSeconds);
        var request = new UpdateRequest(
            addresses, nameserver.Port, config.Protocol, timeout, challenge.Zone, challenge.Fqdn, challenge.Value, config.Ttl, add, key,
            _timeProvider.GetUtcNow().UtcDateTime);
        var where = new UpdateErrors.Where(
            nameserver.ToString(), config.Protocol, challenge.Zone, challenge.Fqdn, key, config.TsigSecretSecretRef, challenge.Context.ResourceNamespace);

        var answer = await UpdateSender.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            // The library answers null for a timeout, an unreachable server and a cancellation alike.
            cancellationToken.ThrowIfCancellationRequested();
            throw UpdateErrors.NoAnswer(where, timeout);
        }

        if (answer.ReturnCode != 0)
        {
            bool? servesZone = null;
            if (UpdateErrors.IsAmbiguousNotAuth(answer))
            {
                servesZone = await UpdateSender.ServesZoneAsync(request, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            throw UpdateErrors.FromAnswer(where, answer, servesZone);
        }

        if (key is not null && !answer.SignatureValid)
        {
            throw UpdateErrors.UnverifiedAnswer(where);
        }

        if (add)
        {
            Log.ValueAdded(_logger, challenge.Fqdn.Value, challenge.Zone.Value, where.Server, challenge.Context.Uid);
        }
        else
        {
            Log.ValueDeleted(_logger, challenge.Fqdn.Value, challenge.Zone.Value, where.Server, challenge.Context.Uid);
        }
    }

    private static async Task<TsigKey?> ReadKeyAsync(Rfc2136Config config, ISecretReader secrets, CancellationToken cancellationToken)
    {
        if (!ConfigRules.TryParseKeyName(config.TsigKeyName, out var keyName) || config.TsigSecretSecretRef is not { } reference)
        {
            return null;
        }

        var text = await secrets.ReadStringAsync(reference, cancellationToken).ConfigureAwait(false);
        var where = $"secret {secrets.ResourceNamespace}/{reference.Name} key {reference.Key}";
        text = text.Trim();
        if (text.Length == 0)
        {
            throw new DnsProviderException($"{where} is empty; it must hold the TSIG key's base64 secret");
        }

        try
        {
            return new TsigKey(keyName, config.TsigAlgorithm, Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            // The message must not quote the value.
            throw new DnsProviderException(
                $"{where} is not base64; it must hold the TSIG key's secret as in the server's key file (the secret \"...\" of a BIND key)");
        }
    }

    private static async Task<IReadOnlyList<IPAddress>> ResolveAsync(NameserverAddress nameserver, DnsName zone, CancellationToken cancellationToken)
    {
        if (nameserver.Address is { } address)
        {
            return [address];
        }

        // A host name, as cert-manager allows: looked up through the system resolver, as cert-manager does.
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(nameserver.Host, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0
                ? addresses
                : throw new DnsProviderException($"nameserver {nameserver} has no address; cannot send the update of zone {zone}");
        }
        catch (SocketException ex)
        {
            throw new DnsProviderException(
                $"cannot look up nameserver {nameserver} to send the update of zone {zone}: {ex.Message}; give an IP address instead", ex);
        }
    }

    private static void CheckValue(string value)
    {
        // ARSoft writes character-strings as ASCII; anything else would arrive as '?'. ACME values are base64url.
        if (!Ascii.IsValid(value))
        {
            throw new DnsProviderException("the TXT value contains a non-ASCII character; the rfc2136 solver writes ASCII text only");
        }
    }
}

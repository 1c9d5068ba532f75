using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Solvers.Abstractions;
using Solvers.Providers.Embedded.Internal;

namespace Solvers.Providers.Embedded;

/// <summary>The <c>embedded</c> solver: an in-process authoritative DNS server (UDP and TCP) for the configured
/// zones, whose TXT values live in memory. For tests and single-replica setups; values are lost on restart.</summary>
/// <remarks>Safe for concurrent calls. <see cref="InitializeAsync"/> starts the server; disposing stops it.</remarks>
public sealed class EmbeddedDnsProvider : IDnsProvider<EmbeddedConfig>, IInitializableDnsProvider, IAsyncDisposable, IDisposable
{
    // ACME values are 43 characters; this only keeps every answer within one DNS message.
    private const int MaxValueLength = 4096;

    private readonly EmbeddedDnsSettings _settings;
    private readonly ILogger<EmbeddedDnsProvider> _logger;
    private readonly Lock _gate = new();
    private EmbeddedDnsServer? _server;
    private bool _disposed;

    /// <summary>Creates the provider; the server starts in <see cref="InitializeAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public EmbeddedDnsProvider(IOptions<EmbeddedDnsOptions> options, ILogger<EmbeddedDnsProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _settings = EmbeddedDnsSettings.Create(options.Value);
        _logger = logger;
        Store = new EmbeddedZoneStore(_settings.Zones, _settings.NameServer);
    }

    /// <inheritdoc />
    public string Name => EmbeddedSolver.Name;

    /// <summary>The endpoint the server listens on, with the port it got when <see cref="EmbeddedDnsOptions.Listen"/>
    /// asks for port 0; <see langword="null"/> until <see cref="InitializeAsync"/> has completed or after disposal.</summary>
    public IPEndPoint? EndPoint
    {
        get
        {
            lock (_gate)
            {
                return _server?.EndPoint;
            }
        }
    }

    internal EmbeddedZoneStore Store { get; }

    /// <summary>Starts the DNS server; later calls do nothing.</summary>
    /// <exception cref="DnsProviderException">The listen address cannot be bound; the message names it.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EmbeddedDnsServer server;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_server is not null)
            {
                return Task.CompletedTask;
            }

            try
            {
                server = _server = EmbeddedDnsServer.Start(_settings.Listen, Store, _logger);
            }
            catch (SocketException ex)
            {
                throw new DnsProviderException(
                    $"cannot listen on {_settings.Listen}: {Describe(ex)}; set {EmbeddedSolver.ConfigurationSection}:Listen "
                    + "(--embedded-dns-listen) to a free address", ex);
            }
        }

        Log.ServerStarted(_logger, server.EndPoint, string.Join(", ", Store.Zones));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PresentAsync(DnsChallenge challenge, EmbeddedConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(config);
        cancellationToken.ThrowIfCancellationRequested();
        CheckValue(challenge.Value);

        if (!Store.TryPresent(challenge.Fqdn, challenge.Value, config.Ttl, out var change))
        {
            throw NotServed(challenge);
        }

        if (change.Changed)
        {
            Log.ValuePresented(_logger, challenge.Fqdn.Value, change.Zone.Value, challenge.Context.Uid, change.Count);
        }
        else
        {
            Log.ValueAlreadyPresent(_logger, challenge.Fqdn.Value, change.Zone.Value, challenge.Context.Uid);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CleanUpAsync(DnsChallenge challenge, EmbeddedConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(config);
        cancellationToken.ThrowIfCancellationRequested();

        if (!Store.TryCleanUp(challenge.Fqdn, challenge.Value, out var change))
        {
            throw NotServed(challenge);
        }

        if (change.Changed)
        {
            Log.ValueRemoved(_logger, challenge.Fqdn.Value, change.Zone.Value, challenge.Context.Uid, change.Count);
        }
        else
        {
            Log.ValueAbsent(_logger, challenge.Fqdn.Value, change.Zone.Value, challenge.Context.Uid);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops the DNS server. The values stay in memory but are no longer served.</summary>
    public void Dispose()
    {
        EmbeddedDnsServer? server;
        lock (_gate)
        {
            _disposed = true;
            server = _server;
            _server = null;
        }

        server?.Dispose();
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void CheckValue(string value)
    {
        // ARSoft writes character-strings as ASCII and would turn anything else into '?'.
        if (!Ascii.IsValid(value))
        {
            throw new DnsProviderException("the TXT value contains a non-ASCII character; the embedded DNS server serves ASCII text only");
        }

        if (value.Length > MaxValueLength)
        {
            throw new DnsProviderException($"the TXT value is {value.Length} characters long; the embedded DNS server takes at most {MaxValueLength}");
        }
    }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AccessDenied => "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)",
        SocketError.AddressNotAvailable => "the address is not assigned to this host",
        SocketError.AddressFamilyNotSupported => "this host has no network stack for that address family",
        _ => ex.Message,
    };

    private DnsProviderException NotServed(DnsChallenge challenge) =>
        new($"zone {challenge.Zone} is not served by the embedded DNS server (it serves {string.Join(", ", Store.Zones)}); "
            + $"add it to {EmbeddedSolver.ConfigurationSection}:Zones (--embedded-dns-zones)");
}

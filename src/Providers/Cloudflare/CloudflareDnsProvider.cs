using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Solvers.Abstractions;
using Solvers.Providers.Cloudflare.Internal;

namespace Solvers.Providers.Cloudflare;

/// <summary>The <c>cloudflare</c> solver: one TXT record per value through the Cloudflare API v4, with an API token
/// (Zone:Read + DNS:Edit) or the account's email and Global API Key.</summary>
/// <remarks>Stateless between calls (records are found by name, type and content, never by a remembered id) and safe
/// for concurrent calls. Zone ids are cached per credential. Every credential has one request budget for the whole
/// process (<see cref="CloudflareOptions.RateLimit"/> per <see cref="CloudflareOptions.RateWindow"/>).</remarks>
public sealed class CloudflareDnsProvider : IDnsProvider<CloudflareConfig>
{
    private const string RecordComment = "ACME DNS-01 challenge";

    private readonly CloudflareApiClient _api;
    private readonly RateBudgets _budgets;
    private readonly ZoneCache _zones = new();
    private readonly CloudflareOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CloudflareDnsProvider> _logger;

    /// <summary>Creates the provider; HTTP goes through the <see cref="CloudflareSolver.HttpClientName"/> client.</summary>
    public CloudflareDnsProvider(IHttpClientFactory httpClients, IOptions<CloudflareOptions> options, TimeProvider time, ILogger<CloudflareDnsProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _budgets = new RateBudgets(options, time);
        _api = new CloudflareApiClient(httpClients, _options, time, logger);
    }

    /// <inheritdoc />
    public string Name => CloudflareSolver.Name;

    /// <inheritdoc />
    public async Task PresentAsync(DnsChallenge challenge, CloudflareConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(config);
        var call = await StartAsync(challenge, config, cancellationToken).ConfigureAwait(false);
        var name = challenge.Fqdn.WithoutTrailingDot;
        var zone = await ZoneAsync(call, challenge).ConfigureAwait(false);
        try
        {
            var records = await _api.ListTxtAsync(call, zone.Id, name).ConfigureAwait(false);
            if (records.Any(r => TxtContent.Matches(r.Content, challenge.Value)))
            {
                Log.RecordAlreadyPresent(_logger, challenge.Fqdn.Value, zone.Id, challenge.Context.Uid);
                return;
            }

            var create = new CreateTxtRecord { Name = name, Content = TxtContent.Quote(challenge.Value), Ttl = config.Ttl, Comment = RecordComment };
            var response = await _api.CreateAsync(call, zone.Id, create).ConfigureAwait(false);

            // 81057/81058: an identical record exists (a concurrent Present, or a retry of a create that was applied).
            // https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/create/
            if (response.IsSuccess || response.HasCode(81057, 81058))
            {
                Log.RecordCreated(_logger, challenge.Fqdn.Value, zone.Id, challenge.Context.Uid);
                return;
            }

            throw new CloudflareApiException(response, $"creating the TXT record at {name}");
        }
        catch (CloudflareApiException ex)
        {
            throw Explain(ex, call, challenge, zone, write: true);
        }
    }

    /// <inheritdoc />
    public async Task CleanUpAsync(DnsChallenge challenge, CloudflareConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(config);
        var call = await StartAsync(challenge, config, cancellationToken).ConfigureAwait(false);
        var name = challenge.Fqdn.WithoutTrailingDot;
        var zone = await ZoneAsync(call, challenge).ConfigureAwait(false);
        try
        {
            var records = await _api.ListTxtAsync(call, zone.Id, name).ConfigureAwait(false);
            var own = records.Where(r => TxtContent.Matches(r.Content, challenge.Value)).ToList();
            if (own.Count == 0)
            {
                Log.RecordAbsent(_logger, challenge.Fqdn.Value, zone.Id, challenge.Context.Uid);
                return;
            }

            // Every record with exactly this value: concurrent Presents elsewhere may have left more than one.
            foreach (var record in own)
            {
                var response = await _api.DeleteAsync(call, zone.Id, record.Id).ConfigureAwait(false);

                // 81044 "Record does not exist" (404): deleted meanwhile, by a concurrent CleanUp.
                if (response.IsSuccess || response.HasCode(81044) || (response.Status == 404 && !response.HasCode(7000, 7003)))
                {
                    Log.RecordDeleted(_logger, record.Id, challenge.Fqdn.Value, zone.Id, challenge.Context.Uid);
                    continue;
                }

                throw new CloudflareApiException(response, $"deleting TXT record {record.Id} at {name}");
            }
        }
        catch (CloudflareApiException ex)
        {
            throw Explain(ex, call, challenge, zone, write: true);
        }
    }

    private async Task<ApiCall> StartAsync(DnsChallenge challenge, CloudflareConfig config, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.TimeBudget;
        var credential = await Credential.ReadAsync(config, challenge.Context.Secrets, cancellationToken).ConfigureAwait(false);
        return new ApiCall(credential, _budgets.For(credential), deadline, _options.TimeBudget, challenge.Context.Uid, cancellationToken);
    }

    private async Task<ZoneDto> ZoneAsync(ApiCall call, DnsChallenge challenge)
    {
        var zone = await _zones.GetAsync(call.Credential.CacheKey, challenge.Zone.Value, () => LookUpZoneAsync(call, challenge), call.CancellationToken)
            .ConfigureAwait(false);
        Log.ZoneResolved(_logger, challenge.Zone.Value, zone.Id, zone.Name, challenge.Context.Uid);
        return zone;
    }

    private async Task<ZoneDto> LookUpZoneAsync(ApiCall call, DnsChallenge challenge)
    {
        try
        {
            if (await FindZoneAsync(call, challenge.Zone.WithoutTrailingDot).ConfigureAwait(false) is { } zone)
            {
                return zone;
            }

            // cert-manager's resolvedZone comes from DNS (the SOA); the Cloudflare zone may still be another name on
            // the path, so walk the record name's labels, most specific first, as cert-manager's built-in solver does.
            for (var candidate = challenge.Fqdn; candidate.LabelCount >= 2; candidate = candidate.Parent)
            {
                if (candidate == challenge.Zone || candidate.Value.StartsWith('_'))
                {
                    continue;
                }

                Log.ZoneFallback(_logger, challenge.Zone.Value, candidate.Value, challenge.Context.Uid);
                if (await FindZoneAsync(call, candidate.WithoutTrailingDot).ConfigureAwait(false) is { } found)
                {
                    return found;
                }
            }
        }
        catch (CloudflareApiException ex)
        {
            throw Explain(ex, call, challenge, zone: null, write: false);
        }

        var zoneName = challenge.Zone.WithoutTrailingDot;
        throw new DnsProviderException(call.Credential.IsToken
            ? $"zone {zoneName} is not visible to {call.Credential.Describe}: the token is missing Zone:Read (Zone / Zone / Read) "
              + $"on {zoneName}; give it Zone:Read and DNS:Edit on that zone, or check that {zoneName} is a zone of this Cloudflare account"
            : $"zone {zoneName} is not in the Cloudflare account of {call.Credential.Describe}; check that {zoneName} is a zone of "
              + "the account whose email is in the config");
    }

    private async Task<ZoneDto?> FindZoneAsync(ApiCall call, string name)
    {
        var zones = (await _api.FindZonesAsync(call, name).ConfigureAwait(false))
            .Where(z => string.Equals(z.Name, name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (zones.Count > 1)
        {
            // The same name in several accounts (e.g. a pending copy): only an active one is serving DNS.
            var active = zones.Where(z => z.Status == "active").ToList();
            if (active.Count == 1)
            {
                return active[0];
            }

            var accounts = string.Join(", ", zones.Select(z => z.Account?.Name ?? z.Account?.Id ?? "?").Distinct());
            throw new DnsProviderException(
                $"{zones.Count} Cloudflare zones named {name} are visible to {call.Credential.Describe} (accounts: {accounts}); "
                + "use a token scoped to the one account that serves it");
        }

        return zones.Count == 1 ? zones[0] : null;
    }

    private DnsProviderException Explain(CloudflareApiException ex, ApiCall call, DnsChallenge challenge, ZoneDto? zone, bool write)
    {
        var response = ex.Response;
        var credential = call.Credential;
        var zoneName = zone?.Name ?? challenge.Zone.WithoutTrailingDot;
        var cloudflare = $"Cloudflare answered {response.Describe()}";

        // https://developers.cloudflare.com/fundamentals/api/get-started/create-token/ and the error codes seen for
        // bad credentials: 9109 invalid token, 9103 unknown key or email, 6003 with 6102/6103/6111 malformed headers.
        if (response.HasCode(9109, 6111, 1000) || (credential.IsToken && response.Status == 401))
        {
            return new DnsProviderException(
                $"Cloudflare rejected {credential.Describe} ({cloudflare}): it is not a valid, active API token; store a current "
                + "API token there (not the Global API Key, which goes in apiKeySecretRef with email)", ex);
        }

        if (response.HasCode(9103, 6102, 6103) || (!credential.IsToken && response.Status == 401))
        {
            return new DnsProviderException(
                $"Cloudflare rejected the email and {credential.Describe} ({cloudflare}): use the account's email with its Global "
                + "API Key (an API token goes in apiTokenSecretRef instead)", ex);
        }

        if (response.Status == 404 && response.HasCode(7000, 7003) && zone is not null)
        {
            _zones.Forget(credential.CacheKey, challenge.Zone.Value);
            return new DnsProviderException($"{ex.Doing}: Cloudflare zone {zone.Name} ({zone.Id}) is gone ({cloudflare}); the next try looks it up again", ex);
        }

        if (response.Status == 403 || response.HasCode(10000))
        {
            if (zone is null)
            {
                return new DnsProviderException(
                    $"{ex.Doing}: {credential.Describe} may not list zones ({cloudflare}); "
                    + (credential.IsToken ? $"give the token Zone:Read (Zone / Zone / Read) on {zoneName}" : "check the key's account"), ex);
            }

            return new DnsProviderException(
                $"{ex.Doing}: {credential.Describe} may not {(write ? "edit" : "read")} the DNS records of zone {zoneName} ({cloudflare}); "
                + (credential.IsToken ? $"the token is missing DNS:Edit (Zone / DNS / Edit) on {zoneName}" : "check the key's account and its permissions"), ex);
        }

        return new DnsProviderException($"{ex.Doing}: {cloudflare}", ex);
    }
}

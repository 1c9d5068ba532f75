using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Solvers.TestUtilities;

namespace Solvers.Testing.Cloudflare;

/// <summary>
/// An in-process Cloudflare API v4 on <c>https://127.0.0.1:&lt;port&gt;/client/v4</c> for what a DNS-01 solver uses:
/// <c>GET /zones</c> (name, status, paging), and <c>GET|POST /zones/{id}/dns_records</c> (type, name, content
/// filters, paging) and <c>DELETE /zones/{id}/dns_records/{id}</c>, with the response envelope, 32-hex ids, API tokens
/// scoped to zones and permissions, email + Global API Key, Cloudflare's error codes, a per-user rate limit answered
/// with 429 and <c>retry-after</c>, and injected 5xx answers, hangs and latency.
/// </summary>
/// <remarks>Every exchange is checked against the official OpenAPI description (<see cref="CloudflareOpenApi"/>);
/// problems collect in <see cref="SchemaProblems"/>. Thread-safe.</remarks>
public sealed partial class FakeCloudflareApi : IAsyncDisposable
{
    private const string PathBase = "/client/v4";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Zone> _zones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Token> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GlobalKey> _keys = new(StringComparer.Ordinal);
    private readonly List<FakeDnsRecord> _records = [];
    private readonly List<ApiExchange> _exchanges = [];
    private readonly List<string> _schemaProblems = [];
    private readonly Dictionary<string, List<DateTimeOffset>> _userRequests = new(StringComparer.Ordinal);
    private readonly List<(FaultKind Kind, int Status, string? Method)> _faults = [];
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _serving;
    private WebApplication? _app;
    private int _throttleNext;
    private TimeSpan _throttleRetryAfter;
    private int _throttled;
    private Random _random = new(12345);

    private FakeCloudflareApi()
    {
        _ca = TestCertificates.CreateCa("fake-cloudflare-ca");
        _serving = TestCertificates.Leaf(_ca).WithCommonName("127.0.0.1").WithUsage(CertificateUsage.ServerAuth)
            .WithSubjectAlternativeNames("127.0.0.1", "localhost").Build();
    }

    /// <summary>The API's base URL, e.g. <c>https://127.0.0.1:41234/client/v4</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("https://127.0.0.1/");

    /// <summary>The CA that signed the serving certificate.</summary>
    public X509Certificate2 CaCertificate => _ca;

    /// <summary>Requests each user (a token's owner, a key's email) may make per <see cref="RateWindow"/> before
    /// 429s; Cloudflare's is 1200 per 5 minutes. <see langword="null"/> (default): no limit.</summary>
    public int? RateLimit { get; set; }

    /// <summary>The window of <see cref="RateLimit"/>.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay before every answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>How long a <see cref="FaultKind.Hang"/> holds a request.</summary>
    public TimeSpan HangTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of requests (0 to 1) that get a random <see cref="RandomFaultStatus"/> answer, half of them
    /// after the work is applied.</summary>
    public double RandomFaultRate { get; set; }

    /// <summary>The status of random faults.</summary>
    public int RandomFaultStatus { get; set; } = 502;

    /// <summary>Whether every exchange is checked against the OpenAPI description (default true).</summary>
    public bool CheckSchema { get; set; } = true;

    /// <summary>Every request so far, in order.</summary>
    public IReadOnlyList<ApiExchange> Exchanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _exchanges];
            }
        }
    }

    /// <summary>Problems found by checking exchanges against the OpenAPI description; empty when all fit.</summary>
    public IReadOnlyList<string> SchemaProblems
    {
        get
        {
            lock (_gate)
            {
                return [.. _schemaProblems];
            }
        }
    }

    /// <summary>How many 429 answers were given (injected or by the rate limit).</summary>
    public int ThrottledCount
    {
        get
        {
            lock (_gate)
            {
                return _throttled;
            }
        }
    }

    /// <summary>Starts the API on a free loopback port.</summary>
    public static async Task<FakeCloudflareApi> StartAsync(CancellationToken cancellationToken = default)
    {
        var fake = new FakeCloudflareApi();
        try
        {
            await fake.StartListeningAsync(cancellationToken);
            return fake;
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HTTP handler that trusts only this fake's CA (and checks the host name).</summary>
    public SocketsHttpHandler CreateTrustingHandler()
    {
        var authority = X509CertificateLoader.LoadCertificate(_ca.RawData);
        return new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };
    }

    /// <summary>Adds an active zone, e.g. <c>example.com</c>, to <paramref name="account"/>; returns its id.</summary>
    public string AddZone(string name, string account = "Example Account", string status = "active")
    {
        var zone = new Zone(NewId(), Normalize(name), account, AccountId(account), status, DateTimeOffset.UtcNow);
        lock (_gate)
        {
            _zones.Add(zone.Id, zone);
        }

        return zone.Id;
    }

    /// <summary>The id of the zone named <paramref name="name"/> (first if several).</summary>
    public string ZoneId(string name)
    {
        lock (_gate)
        {
            return _zones.Values.First(z => z.Name == Normalize(name)).Id;
        }
    }

    /// <summary>Adds an API token of <paramref name="user"/> with <paramref name="permissions"/> on
    /// <paramref name="zones"/> (names; none = every zone of <paramref name="account"/>).</summary>
    public void AddToken(string token, TokenPermissions permissions, string user = "user@example.test", string account = "Example Account", params string[] zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        lock (_gate)
        {
            _tokens[token] = new Token(user, AccountId(account), permissions, [.. zones.Select(Normalize)]);
        }
    }

    /// <summary>Adds a user's Global API Key (37 lowercase hex characters), which may do everything in
    /// <paramref name="account"/>.</summary>
    public void AddGlobalKey(string email, string key, string account = "Example Account")
    {
        lock (_gate)
        {
            _keys[email.ToLowerInvariant() + "\n" + key] = new GlobalKey(email.ToLowerInvariant(), AccountId(account));
        }
    }

    /// <summary>Adds a record directly (no API call, not counted), e.g. one the solver must leave alone.</summary>
    public string AddRecord(string zone, string type, string name, string content, int ttl = 1)
    {
        lock (_gate)
        {
            var z = _zones.Values.First(x => x.Name == Normalize(zone));
            var record = new FakeDnsRecord(NewId(), z.Id, type, Normalize(name), content, ttl, null, DateTimeOffset.UtcNow);
            _records.Add(record);
            return record.Id;
        }
    }

    /// <summary>The records of the zone named <paramref name="zone"/>, in creation order.</summary>
    public IReadOnlyList<FakeDnsRecord> Records(string zone)
    {
        lock (_gate)
        {
            var ids = _zones.Values.Where(z => z.Name == Normalize(zone)).Select(z => z.Id).ToHashSet();
            return [.. _records.Where(r => ids.Contains(r.ZoneId))];
        }
    }

    /// <summary>Every record of every zone.</summary>
    public IReadOnlyList<FakeDnsRecord> AllRecords()
    {
        lock (_gate)
        {
            return [.. _records];
        }
    }

    /// <summary>The next <paramref name="count"/> requests get 429 with <c>retry-after</c>.</summary>
    public void ThrottleNext(int count, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            _throttleNext = count;
            _throttleRetryAfter = retryAfter;
        }
    }

    /// <summary>The next <paramref name="count"/> requests (with <paramref name="method"/> only, when given) fail as
    /// <paramref name="kind"/> says.</summary>
    public void FailNext(int count, FaultKind kind, int status = 503, string? method = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Add((kind, status, method));
            }
        }
    }

    /// <summary>Seeds the random faults, for a repeatable run.</summary>
    public void SeedRandomFaults(int seed)
    {
        lock (_gate)
        {
            _random = new Random(seed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _serving.Dispose();
        _ca.Dispose();
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string AccountId(string account) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account)), 0, 16);

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    private async Task StartListeningAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = _serving,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                });
            });
        });

        var app = builder.Build();
        app.Run(HandleAsync);
        _app = app;
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = new Uri($"https://127.0.0.1:{new Uri(address).Port}{PathBase}");
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string? body = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
            if (body.Length == 0)
            {
                body = null;
            }
        }

        var path = request.Path.Value ?? "/";
        var query = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))).ToList();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        (FaultKind Kind, int Status)? fault = null;
        bool throttle;
        TimeSpan throttleFor;
        lock (_gate)
        {
            throttle = _throttleNext > 0;
            throttleFor = _throttleRetryAfter;
            if (throttle)
            {
                _throttleNext--;
            }
            else if (_faults.FindIndex(f => f.Method is null || f.Method == request.Method) is var index and >= 0)
            {
                fault = (_faults[index].Kind, _faults[index].Status);
                _faults.RemoveAt(index);
            }
            else if (RandomFaultRate > 0 && _random.NextDouble() < RandomFaultRate)
            {
                fault = (_random.Next(2) == 0 ? FaultKind.ServerError : FaultKind.ServerErrorAfterApply, RandomFaultStatus);
            }
        }

        if (fault is { Kind: FaultKind.Hang })
        {
            await Task.Delay(HangTime, context.RequestAborted);
            fault = null;
        }

        Answer answer;
        string? user = null;
        if (throttle)
        {
            answer = Throttled(throttleFor);
        }
        else if (fault is { Kind: FaultKind.ServerError } serverError)
        {
            answer = Answer.Html(serverError.Status);
        }
        else if (!path.StartsWith(PathBase + "/", StringComparison.Ordinal))
        {
            answer = Answer.Error(404, 7000, "No route for that URI");
        }
        else
        {
            var apiPath = path[PathBase.Length..];
            (answer, user) = Handle(request.Method, apiPath, query, headers, body);
            if (fault is { Kind: FaultKind.ServerErrorAfterApply } afterApply)
            {
                answer = Answer.Html(afterApply.Status);
            }
        }

        Record(request.Method, path, query, headers, body, answer, user);
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers["retry-after"] = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    private void Record(string method, string path, List<KeyValuePair<string, string>> query, Dictionary<string, string> headers, string? body, Answer answer, string? user)
    {
        var apiPath = path.StartsWith(PathBase, StringComparison.Ordinal) ? path[PathBase.Length..] : path;
        var problems = new List<string>();
        if (CheckSchema)
        {
            problems.AddRange(CloudflareOpenApi.Instance.CheckRequest(method, apiPath, query, headers, body));
            if (answer.ContentType.StartsWith("application/json", StringComparison.Ordinal))
            {
                problems.AddRange(CloudflareOpenApi.Instance.CheckResponse(method, apiPath, answer.Status, answer.Body));
            }
        }

        lock (_gate)
        {
            _exchanges.Add(new ApiExchange(method, apiPath, query, body, answer.Status, answer.Body, user, DateTimeOffset.UtcNow));
            _schemaProblems.AddRange(problems);
            if (answer.Status == 429)
            {
                _throttled++;
            }
        }
    }

    private (Answer Answer, string? User) Handle(string method, string path, List<KeyValuePair<string, string>> query, Dictionary<string, string> headers, string? body)
    {
        var principal = Authenticate(headers, out var refusal);
        if (principal is null)
        {
            return (refusal!, null);
        }

        if (RateLimited(principal.User) is { } limited)
        {
            return (limited, principal.User);
        }

        var segments = path.Trim('/').Split('/');
        var answer = (method, segments) switch
        {
            ("GET", ["zones"]) => ListZones(principal, query),
            ("GET", ["zones", var zoneId, "dns_records"]) => ListRecords(principal, zoneId, query),
            ("POST", ["zones", var zoneId, "dns_records"]) => CreateRecord(principal, zoneId, body),
            ("DELETE", ["zones", var zoneId, "dns_records", var recordId]) => DeleteRecord(principal, zoneId, recordId),
            _ => Answer.Error(404, 7003, $"Could not route to {path}, perhaps your object identifier is invalid?"),
        };
        return (answer, principal.User);
    }

    private Principal? Authenticate(Dictionary<string, string> headers, out Answer? refusal)
    {
        refusal = null;
        if (headers.TryGetValue("Authorization", out var authorization))
        {
            var match = BearerPattern().Match(authorization);
            if (!match.Success)
            {
                refusal = Answer.Error(400, 6003, "Invalid request headers", (6111, "Invalid format for Authorization header"));
                return null;
            }

            lock (_gate)
            {
                if (_tokens.TryGetValue(match.Groups[1].Value, out var token))
                {
                    return new Principal(token.User, token.Account, token.Permissions, token.Zones);
                }
            }

            refusal = Answer.Error(403, 9109, "Invalid access token");
            return null;
        }

        headers.TryGetValue("X-Auth-Email", out var email);
        headers.TryGetValue("X-Auth-Key", out var key);
        if (email is null && key is null)
        {
            refusal = Answer.Error(400, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
            return null;
        }

        var chain = new List<(int, string)>();
        if (email is null || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace))
        {
            chain.Add((6102, "Invalid format for X-Auth-Email header"));
        }

        if (key is null || !KeyPattern().IsMatch(key))
        {
            chain.Add((6103, "Invalid format for X-Auth-Key header"));
        }

        if (chain.Count > 0)
        {
            refusal = Answer.Error(400, 6003, "Invalid request headers", [.. chain]);
            return null;
        }

        lock (_gate)
        {
            if (_keys.TryGetValue(email!.ToLowerInvariant() + "\n" + key, out var globalKey))
            {
                return new Principal(globalKey.Email, globalKey.Account, TokenPermissions.ZoneRead | TokenPermissions.DnsEdit, []);
            }
        }

        refusal = Answer.Error(403, 9103, "Unknown X-Auth-Key or X-Auth-Email");
        return null;
    }

    private Answer? RateLimited(string user)
    {
        if (RateLimit is not { } limit)
        {
            return null;
        }

        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (!_userRequests.TryGetValue(user, out var times))
            {
                _userRequests[user] = times = [];
            }

            times.RemoveAll(t => t <= now - RateWindow);
            if (times.Count >= limit)
            {
                var retryAfter = times[0] + RateWindow - now;
                return Throttled(retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
            }

            times.Add(now);
            return null;
        }
    }

    private static Answer Throttled(TimeSpan retryAfter) =>
        Answer.Error(429, 10100, "More than 1200 requests per 300 seconds reached. Please wait and consider throttling your request speed") with
        {
            RetryAfter = retryAfter,
        };

    private Answer ListZones(Principal principal, List<KeyValuePair<string, string>> query)
    {
        var name = Get(query, "name");
        var status = Get(query, "status");
        if (!TryPaging(query, defaultPerPage: 20, minPerPage: 5, maxPerPage: 50, out var page, out var perPage, out var bad))
        {
            return bad!;
        }

        List<Zone> zones;
        lock (_gate)
        {
            zones = [.. _zones.Values
                .Where(z => principal.SeesZone(z))
                .Where(z => name is null || z.Name == Normalize(name))
                .Where(z => status is null || z.Status == status)
                .OrderBy(z => z.Name, StringComparer.Ordinal)];
        }

        return Answer.Collection(zones.Skip((page - 1) * perPage).Take(perPage).Select(ZoneJson), page, perPage, zones.Count);
    }

    private Answer ListRecords(Principal principal, string zoneId, List<KeyValuePair<string, string>> query)
    {
        if (ZoneFor(principal, zoneId, TokenPermissions.DnsRead | TokenPermissions.DnsEdit, out var refusal) is not { } zone)
        {
            return refusal!;
        }

        var type = Get(query, "type");
        var name = Get(query, "name");
        var content = Get(query, "content");
        if (!TryPaging(query, defaultPerPage: 100, minPerPage: 1, maxPerPage: 5_000_000, out var page, out var perPage, out var bad))
        {
            return bad!;
        }

        List<FakeDnsRecord> records;
        lock (_gate)
        {
            records = [.. _records
                .Where(r => r.ZoneId == zone.Id)
                .Where(r => type is null || r.Type == type)
                .Where(r => name is null || r.Name == Normalize(name))

                // https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/: content
                // matches exactly, ignoring case.
                .Where(r => content is null || string.Equals(r.Content, content, StringComparison.OrdinalIgnoreCase))];
        }

        return Answer.Collection(records.Skip((page - 1) * perPage).Take(perPage).Select(r => RecordJson(r, zone)), page, perPage, records.Count);
    }

    private Answer CreateRecord(Principal principal, string zoneId, string? body)
    {
        if (ZoneFor(principal, zoneId, TokenPermissions.DnsEdit, out var refusal) is not { } zone)
        {
            return refusal!;
        }

        JsonObject? json;
        try
        {
            json = body is null ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json is null)
        {
            return Answer.Error(400, 9207, "Request body is invalid.");
        }

        var type = (string?)json["type"];
        var name = (string?)json["name"];
        var content = (string?)json["content"];
        var ttl = json["ttl"] is JsonValue t && t.TryGetValue<double>(out var ttlValue) ? (int)ttlValue : 1;
        var comment = (string?)json["comment"];
        if (type is null || name is null || content is null)
        {
            return Answer.Error(400, 1004, "DNS Validation Error", (9000, "type, name and content are required"));
        }

        if (type != "TXT")
        {
            return Answer.Error(400, 1004, "DNS Validation Error", (9000, "this fake stores TXT records only"));
        }

        if (ttl != 1 && ttl is < 60 or > 86_400)
        {
            return Answer.Error(400, 1004, "DNS Validation Error", (9021, "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic."));
        }

        if (content.Length > 2048)
        {
            return Answer.Error(400, 1004, "DNS Validation Error", (9100, "Content for TXT record is invalid. Must not exceed 2048 characters."));
        }

        var fqdn = Normalize(name) == "@" ? zone.Name : Normalize(name);
        if (fqdn != zone.Name && !fqdn.EndsWith("." + zone.Name, StringComparison.Ordinal))
        {
            fqdn = fqdn + "." + zone.Name;
        }

        FakeDnsRecord record;
        lock (_gate)
        {
            if (_records.Any(r => r.ZoneId == zone.Id && r.Type == type && r.Name == fqdn && r.Content == content))
            {
                return Answer.Error(400, 81058, "An identical record already exists.");
            }

            record = new FakeDnsRecord(NewId(), zone.Id, type, fqdn, content, ttl, comment, DateTimeOffset.UtcNow);
            _records.Add(record);
        }

        return Answer.Success(RecordJson(record, zone));
    }

    private Answer DeleteRecord(Principal principal, string zoneId, string recordId)
    {
        if (ZoneFor(principal, zoneId, TokenPermissions.DnsEdit, out var refusal) is not { } zone)
        {
            return refusal!;
        }

        lock (_gate)
        {
            var index = _records.FindIndex(r => r.Id == recordId && r.ZoneId == zone.Id);
            if (index < 0)
            {
                return Answer.Error(404, 81044, "Record does not exist.");
            }

            _records.RemoveAt(index);
        }

        return Answer.Success(new JsonObject { ["id"] = recordId });
    }

    /// <summary>The zone with <paramref name="zoneId"/> if the principal holds one of <paramref name="needed"/> on it.</summary>
    private Zone? ZoneFor(Principal principal, string zoneId, TokenPermissions needed, out Answer? refusal)
    {
        refusal = null;
        Zone? zone;
        lock (_gate)
        {
            _zones.TryGetValue(zoneId, out zone);
        }

        if (zone is null || zone.AccountId != principal.Account)
        {
            // Cloudflare does not tell a zone of another account from one that does not exist.
            refusal = zone is null || principal.Zones.Count == 0
                ? Answer.Error(404, 7003, $"Could not route to /zones/{zoneId}/dns_records, perhaps your object identifier is invalid?")
                : Answer.Error(403, 10000, "Authentication error");
            return null;
        }

        if (!principal.Covers(zone) || (principal.Permissions & needed) == 0)
        {
            refusal = Answer.Error(403, 10000, "Authentication error");
            return null;
        }

        return zone;
    }

    private static bool TryPaging(List<KeyValuePair<string, string>> query, int defaultPerPage, int minPerPage, int maxPerPage, out int page, out int perPage, out Answer? bad)
    {
        bad = null;
        page = 1;
        perPage = defaultPerPage;
        if (Get(query, "page") is { } p && (!int.TryParse(p, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            bad = Answer.Error(400, 1001, "Invalid page");
            return false;
        }

        if (Get(query, "per_page") is { } pp && (!int.TryParse(pp, CultureInfo.InvariantCulture, out perPage) || perPage < minPerPage || perPage > maxPerPage))
        {
            bad = Answer.Error(400, 1001, $"per_page must be between {minPerPage} and {maxPerPage}");
            return false;
        }

        return true;
    }

    private static string? Get(List<KeyValuePair<string, string>> query, string name) =>
        query.Where(q => q.Key == name).Select(q => q.Value).FirstOrDefault();

    private static JsonObject ZoneJson(Zone zone) => new()
    {
        ["id"] = zone.Id,
        ["name"] = zone.Name,
        ["status"] = zone.Status,
        ["paused"] = false,
        ["type"] = "full",
        ["development_mode"] = 0,
        ["name_servers"] = new JsonArray("ada.ns.cloudflare.com", "bob.ns.cloudflare.com"),
        ["original_name_servers"] = null,
        ["original_registrar"] = null,
        ["original_dnshost"] = null,
        ["created_on"] = Timestamp(zone.CreatedOn),
        ["modified_on"] = Timestamp(zone.CreatedOn),
        ["activated_on"] = zone.Status == "active" ? Timestamp(zone.CreatedOn) : null,
        ["meta"] = new JsonObject { ["step"] = 2, ["custom_certificate_quota"] = 0, ["page_rule_quota"] = 3, ["phishing_detected"] = false },
        ["owner"] = new JsonObject { ["id"] = zone.AccountId, ["type"] = "organization", ["name"] = zone.Account },
        ["account"] = new JsonObject { ["id"] = zone.AccountId, ["name"] = zone.Account },
        ["permissions"] = new JsonArray("#dns_records:edit", "#dns_records:read", "#zone:read"),
    };

    private static JsonObject RecordJson(FakeDnsRecord record, Zone zone)
    {
        var json = new JsonObject
        {
            ["id"] = record.Id,
            ["zone_id"] = zone.Id,
            ["zone_name"] = zone.Name,
            ["name"] = record.Name,
            ["type"] = record.Type,
            ["content"] = record.Content,
            ["proxiable"] = false,
            ["proxied"] = false,
            ["ttl"] = record.Ttl,
            ["settings"] = new JsonObject(),
            ["meta"] = new JsonObject { ["auto_added"] = false, ["managed_by_apps"] = false, ["managed_by_argo_tunnel"] = false },
            ["tags"] = new JsonArray(),
            ["created_on"] = Timestamp(record.CreatedOn),
            ["modified_on"] = Timestamp(record.CreatedOn),
        };
        if (record.Comment is not null)
        {
            json["comment"] = record.Comment;
        }

        return json;
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("^Bearer ([A-Za-z0-9_-]{20,})$")]
    private static partial Regex BearerPattern();

    [GeneratedRegex("^[0-9a-f]{37}$")]
    private static partial Regex KeyPattern();

    private sealed record Zone(string Id, string Name, string Account, string AccountId, string Status, DateTimeOffset CreatedOn);

    private sealed record Token(string User, string Account, TokenPermissions Permissions, IReadOnlyList<string> Zones);

    private sealed record GlobalKey(string Email, string Account);

    private sealed record Principal(string User, string Account, TokenPermissions Permissions, IReadOnlyList<string> Zones)
    {
        public bool Covers(Zone zone) => zone.AccountId == Account && (Zones.Count == 0 || Zones.Contains(zone.Name));

        public bool SeesZone(Zone zone) => Covers(zone) && Permissions.HasFlag(TokenPermissions.ZoneRead);
    }
}

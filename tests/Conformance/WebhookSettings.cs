using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Solvers.Propagation;

namespace Solvers.Conformance;

/// <summary>A webhook run as the command line reads it from a JSON file, e.g.
/// <c>{"url": "https://127.0.0.1:8443", "groupName": "acme.solvers.test", "solverName": "embedded",
/// "zone": "example.test.", "caFile": ".solvers/ca.crt", "clientCertificateFile": ".solvers/client.crt",
/// "clientKeyFile": ".solvers/client.key", "dns": {"server": "127.0.0.1:8053"}}</c>.</summary>
/// <remarks>Relative file paths are relative to the settings file. Property names are camelCase; unknown ones are
/// refused.</remarks>
public sealed record WebhookSettings
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The server, e.g. <c>https://127.0.0.1:8443</c>, or a kube-apiserver that proxies to it.</summary>
    public required Uri Url { get; init; }

    /// <summary>The API group, e.g. <c>acme.solvers.test</c>.</summary>
    public required string GroupName { get; init; }

    /// <summary>The solver, e.g. <c>embedded</c>.</summary>
    public required string SolverName { get; init; }

    /// <summary>The zone the test records go in, e.g. <c>example.test.</c>. Use a dedicated zone for live runs.</summary>
    public required string Zone { get; init; }

    /// <summary>The issuer's <c>webhook.config</c>; none when absent.</summary>
    public JsonElement? Config { get; init; }

    /// <summary>The requests' <c>resourceNamespace</c>, where the config's secrets live; <c>cert-manager</c> by default.</summary>
    public string ResourceNamespace { get; init; } = "cert-manager";

    /// <summary>The requests' <c>allowAmbientCredentials</c>.</summary>
    public bool AllowAmbientCredentials { get; init; }

    /// <summary>PEM file of the CA that signed the server's certificate; the system's roots when absent.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM file of a client certificate to present.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM file of its private key.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>A bearer token to send.</summary>
    public string? BearerToken { get; init; }

    /// <summary>A file holding the bearer token (e.g. a service account token).</summary>
    public string? BearerTokenFile { get; init; }

    /// <summary>How to observe DNS.</summary>
    public DnsSettings? Dns { get; init; }

    /// <summary>How long a value may take to appear or disappear, in seconds; 30 by default.</summary>
    public double PropagationTimeoutSeconds { get; init; } = 30;

    /// <summary>How many values the concurrency rule presents at once; 20 by default.</summary>
    public int ConcurrentValues { get; init; } = 20;

    /// <summary>Capability: the webhook refuses unknown config fields; <see langword="true"/> by default.</summary>
    public bool RejectsUnknownConfigFields { get; init; } = true;

    /// <summary>Configs the webhook must refuse with a message naming the field.</summary>
    public IReadOnlyList<BadConfigSettings> BadConfigs { get; init; } = [];

    /// <summary>Capability: names whose records the zone-unchanged rule compares before and after.</summary>
    public SnapshotSettings? Snapshot { get; init; }

    /// <summary>The folder relative file paths are resolved against; the settings file's folder when loaded.</summary>
    [JsonIgnore]
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Reads settings from <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file is not valid settings; the message names the file and the field.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static WebhookSettings Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        WebhookSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize<WebhookSettings>(File.ReadAllText(full), _json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }

        return (settings ?? throw new FormatException($"{path}: expected a JSON object")) with { BaseDirectory = Path.GetDirectoryName(full)! };
    }

    /// <summary>A target that sends requests as these settings say.</summary>
    public WebhookTarget CreateTarget()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        if (CaFile is not null)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(Resolve(CaFile));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Verify(certificate, errors, authorities);
        }

        if (ClientCertificateFile is not null)
        {
            var certificate = X509Certificate2.CreateFromPemFile(Resolve(ClientCertificateFile), ClientKeyFile is null ? null : Resolve(ClientKeyFile));
            handler.SslOptions.ClientCertificates = [certificate];
        }

        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("solvers-conformance", "0.1"));
        var token = BearerToken ?? (BearerTokenFile is null ? null : File.ReadAllText(Resolve(BearerTokenFile)).Trim());
        if (!string.IsNullOrEmpty(token))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new WebhookTarget(client, Url, GroupName, SolverName, ResourceNamespace, AllowAmbientCredentials, ownsClient: true);
    }

    /// <summary>The lookup the <see cref="Dns"/> section describes.</summary>
    /// <exception cref="FormatException">The section is missing or names no server; the message says what to add.</exception>
    public ITxtLookup CreateLookup()
    {
        if (Dns?.Server is { } server)
        {
            return new DnsServerTxtLookup(PropagationOptions.ParseNameserver(server), Dns.Recursion);
        }

        if (Dns?.RecursiveNameservers is { Count: > 0 } resolvers)
        {
            return new AuthoritativeTxtLookup(new PropagationOptions
            {
                RecursiveNameservers = PropagationOptions.ParseNameservers(resolvers),
                AuthoritativePort = Dns.AuthoritativePort,
            });
        }

        throw new FormatException("dns: give dns.server (one DNS server to ask, ip:port) or dns.recursiveNameservers "
            + "(resolvers that find every authoritative server, ip:port)");
    }

    /// <summary>The rules' options from these settings.</summary>
    public ConformanceOptions CreateOptions() => new()
    {
        Zone = Zone,
        Config = Config,
        PropagationTimeout = TimeSpan.FromSeconds(PropagationTimeoutSeconds),
        ConcurrentValues = ConcurrentValues,
        RejectsUnknownConfigFields = RejectsUnknownConfigFields,
        BadConfigs = [.. BadConfigs.Select(b => new BadConfig(b.Config, b.Field))],
        Snapshot = Snapshot is { } snapshot ? ZoneSnapshot.FromDns(PropagationOptions.ParseNameserver(snapshot.Server), snapshot.Names) : null,
    };

    private string Resolve(string path) => Path.GetFullPath(path, BaseDirectory);

    private static bool Verify(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    /// <summary>How the command line observes DNS: one server, or every authoritative server.</summary>
    public sealed record DnsSettings
    {
        /// <summary>One DNS server to ask directly, e.g. <c>127.0.0.1:8053</c>.</summary>
        public string? Server { get; init; }

        /// <summary>Whether to ask <see cref="Server"/> with RD set (it is a resolver).</summary>
        public bool Recursion { get; init; }

        /// <summary>Resolvers, e.g. <c>["127.0.0.53:53"]</c>, through which every authoritative server is found and
        /// then asked (cert-manager's self-check).</summary>
        public IReadOnlyList<string>? RecursiveNameservers { get; init; }

        /// <summary>The authoritative servers' port, for test setups; 53 when absent.</summary>
        public int? AuthoritativePort { get; init; }
    }

    /// <summary>A config the webhook must refuse.</summary>
    public sealed record BadConfigSettings
    {
        /// <summary>The whole config, e.g. <c>{"ttl": 0}</c>.</summary>
        public required JsonElement Config { get; init; }

        /// <summary>The field the message must name, e.g. <c>ttl</c>.</summary>
        public required string Field { get; init; }
    }

    /// <summary>Where the zone-unchanged rule reads records.</summary>
    public sealed record SnapshotSettings
    {
        /// <summary>The DNS server, e.g. <c>127.0.0.1:8053</c>.</summary>
        public required string Server { get; init; }

        /// <summary>The names to compare, e.g. <c>["example.test.", "www.example.test."]</c>.</summary>
        public required IReadOnlyList<string> Names { get; init; }
    }
}

using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Solvers.TestUtilities.Internal;

namespace Solvers.TestUtilities;

/// <summary>
/// A fake kube-apiserver on <c>https://127.0.0.1:&lt;random port&gt;</c> (Kestrel, HTTP/1.1 and HTTP/2, TLS 1.2+,
/// a serving certificate from its own CA) that speaks the real wire format for what a delegating aggregated
/// apiserver uses: TokenReview, SubjectAccessReview, ConfigMap get/list/watch and Secret get/list/watch.
/// </summary>
/// <remarks>
/// <para>Every request needs <c>Authorization: Bearer &lt;token&gt;</c> with a token the fake knows
/// (<see cref="AdminToken"/> or one from <see cref="AddToken"/>), else 401 (the real server with
/// <c>--anonymous-auth=false</c>). Responses are compact JSON with Go's string escaping and a trailing newline,
/// <c>kind</c>/<c>apiVersion</c> first, and errors are <c>Status</c> objects with the real messages, reasons and
/// codes. Create bodies are checked against the official OpenAPI schemas: a wrong type is 400, an unknown field a
/// <c>Warning</c> header (400 with <c>?fieldValidation=Strict</c>).</para>
/// <para>All members are thread-safe. Dispose ends open watches and stops the server.</para>
/// </remarks>
public sealed partial class FakeKubeApiServer : IAsyncDisposable
{
    /// <summary>The token <see cref="WriteKubeconfig"/> writes by default; it authenticates as
    /// <see cref="AdminUsername"/> in group <c>system:masters</c>.</summary>
    public const string AdminToken = "fake-admin-token";

    /// <summary>The user behind <see cref="AdminToken"/>.</summary>
    public const string AdminUsername = "system:admin";

    private const string AuthenticatedGroup = "system:authenticated";
    private const string MastersGroup = "system:masters";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ObjectStore _store;
    private readonly Dictionary<string, RegisteredToken> _tokens = new(StringComparer.Ordinal);
    private readonly List<AccessRule> _rules = [];
    private readonly HashSet<string> _forbiddenSecretNamespaces = new(StringComparer.Ordinal);
    private readonly List<RecordedCall> _calls = [];
    private readonly List<TokenReviewRequest> _tokenReviews = [];
    private readonly List<SubjectAccessReviewRequest> _subjectAccessReviews = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly DirectoryInfo _directory;
    private readonly X509Certificate2 _servingCertificate;
    private CancellationTokenSource _downSignal = new();
    private WebApplication? _app;
    private Func<TokenReviewRequest, TokenReviewAnswer> _tokenReviewHandler;
    private Func<SubjectAccessReviewRequest, SubjectAccessReviewAnswer> _subjectAccessReviewHandler;
    private IReadOnlyList<string> _apiAudiences = ["https://kubernetes.default.svc.cluster.local"];
    private bool _down;
    private DownMode _downMode;
    private TimeSpan _delay;
    private TimeSpan _bookmarkInterval = TimeSpan.FromMinutes(1);
    private bool _authorizeRequests;
    private int _disposed;

    private FakeKubeApiServer(FakeKubeApiServerOptions options)
    {
        _store = new ObjectStore(_time);
        _tokenReviewHandler = DefaultTokenReview;
        _subjectAccessReviewHandler = DefaultSubjectAccessReview;
        _tokens[AdminToken] = new RegisteredToken(new KubeUser(AdminUsername, MastersGroup, AuthenticatedGroup), null);

        CaCertificate = TestCertificates.CreateCa("fake-kube-apiserver-ca");
        _servingCertificate = TestCertificates.Leaf(CaCertificate)
            .WithCommonName("kube-apiserver")
            .WithUsage(CertificateUsage.ServerAuth)
            .WithSubjectAlternativeNames([.. options.ServingCertificateNames])
            .Build();
        CaPem = CaCertificate.ToPem();
        _directory = Directory.CreateTempSubdirectory("solvers-fake-kube-");
        CaFile = Path.Combine(_directory.FullName, "ca.crt");
        File.WriteAllText(CaFile, CaPem);
    }

    /// <summary>e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The CA that issued the serving certificate (with its private key, so tests can issue more).</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary><see cref="CaCertificate"/> as PEM.</summary>
    public string CaPem { get; }

    /// <summary>A file holding <see cref="CaPem"/>; deleted on dispose.</summary>
    public string CaFile { get; }

    /// <summary>The audiences the fake's TokenReview uses when the request names none
    /// (kube-apiserver <c>--api-audiences</c>).</summary>
    public IReadOnlyList<string> ApiAudiences
    {
        get { lock (_gate) { return _apiAudiences; } }
        set { ArgumentNullException.ThrowIfNull(value); lock (_gate) { _apiAudiences = [.. value]; } }
    }

    /// <summary>Answers TokenReviews. Defaults to <see cref="DefaultTokenReview"/>; a replacement can delegate
    /// to it. An exception becomes a 500 InternalError Status.</summary>
    public Func<TokenReviewRequest, TokenReviewAnswer> TokenReviewHandler
    {
        get { lock (_gate) { return _tokenReviewHandler; } }
        set { ArgumentNullException.ThrowIfNull(value); lock (_gate) { _tokenReviewHandler = value; } }
    }

    /// <summary>Answers SubjectAccessReviews (after the real server's validation). Defaults to
    /// <see cref="DefaultSubjectAccessReview"/>. An exception becomes a 500 InternalError Status.</summary>
    public Func<SubjectAccessReviewRequest, SubjectAccessReviewAnswer> SubjectAccessReviewHandler
    {
        get { lock (_gate) { return _subjectAccessReviewHandler; } }
        set { ArgumentNullException.ThrowIfNull(value); lock (_gate) { _subjectAccessReviewHandler = value; } }
    }

    /// <summary>When true, the fake authorizes its own callers with the default rules (system:masters,
    /// <see cref="Allow"/>, <see cref="Deny"/>), like RBAC: a token from <see cref="AddToken"/> then needs e.g.
    /// <c>Allow(user, "create", "authorization.k8s.io", "subjectaccessreviews")</c>. Off by default.</summary>
    public bool AuthorizeRequests
    {
        get { lock (_gate) { return _authorizeRequests; } }
        set { lock (_gate) { _authorizeRequests = value; } }
    }

    /// <summary>While true, every request (and every open watch) fails as <see cref="DownMode"/> says.</summary>
    public bool Down
    {
        get { lock (_gate) { return _down; } }
        set
        {
            lock (_gate)
            {
                if (value == _down)
                {
                    return;
                }

                _down = value;
                if (value)
                {
                    _downSignal.Cancel();
                }
                else
                {
                    _downSignal.Dispose();
                    _downSignal = new CancellationTokenSource();
                }
            }
        }
    }

    /// <summary>How requests fail while <see cref="Down"/>; default <see cref="TestUtilities.DownMode.Abort"/>.</summary>
    public DownMode DownMode
    {
        get { lock (_gate) { return _downMode; } }
        set { lock (_gate) { _downMode = value; } }
    }

    /// <summary>Added before every answer (watches: before the stream starts). A request the client abandons
    /// during the delay is dropped without an answer.</summary>
    public TimeSpan Delay
    {
        get { lock (_gate) { return _delay; } }
        set { ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero); lock (_gate) { _delay = value; } }
    }

    /// <summary>How often a watch that allows bookmarks gets one (the watch cache's one minute by default); as in
    /// the real server it also gets one two seconds before its <c>timeoutSeconds</c> deadline.</summary>
    public TimeSpan WatchBookmarkInterval
    {
        get { lock (_gate) { return _bookmarkInterval; } }
        set { ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero); lock (_gate) { _bookmarkInterval = value; } }
    }

    /// <summary>The current resourceVersion (shared by all objects, like an etcd revision).</summary>
    public string ResourceVersion => _store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Watch events kept for resuming watches (default 100); older resourceVersions get 410 Expired.</summary>
    public int WatchHistoryLimit
    {
        get => _store.HistoryLimit;
        set => _store.HistoryLimit = value;
    }

    /// <summary>How many watch streams are open now.</summary>
    public int OpenWatchCount => _store.WatchCount;

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedCall> Calls
    {
        get { lock (_gate) { return [.. _calls]; } }
    }

    /// <summary>Every TokenReview spec the fake evaluated, in order (not malformed bodies or empty tokens).</summary>
    public IReadOnlyList<TokenReviewRequest> TokenReviews
    {
        get { lock (_gate) { return [.. _tokenReviews]; } }
    }

    /// <summary>Every SubjectAccessReview spec that decoded, in order, including ones then rejected as invalid (422).</summary>
    public IReadOnlyList<SubjectAccessReviewRequest> SubjectAccessReviews
    {
        get { lock (_gate) { return [.. _subjectAccessReviews]; } }
    }

    /// <summary>Starts the server on 127.0.0.1 with a free port.</summary>
    public static async Task<FakeKubeApiServer> StartAsync(FakeKubeApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new FakeKubeApiServer(options ?? new FakeKubeApiServerOptions());
        try
        {
            await server.StartListeningAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Calls whose path (without query) starts with <paramref name="pathPrefix"/>.</summary>
    public IReadOnlyList<RecordedCall> CallsTo(string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        lock (_gate)
        {
            return [.. _calls.Where(c => c.Path.StartsWith(pathPrefix, StringComparison.Ordinal))];
        }
    }

    /// <summary>Forgets recorded calls and reviews.</summary>
    public void ClearCalls()
    {
        lock (_gate)
        {
            _calls.Clear();
            _tokenReviews.Clear();
            _subjectAccessReviews.Clear();
        }
    }

    /// <summary>Writes a kubeconfig (server, <c>certificate-authority-data</c>, bearer token) that KubernetesClient
    /// and kubectl accept, with full TLS verification.</summary>
    public void WriteKubeconfig(string path, string token = AdminToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(token);
        var server = BaseAddress.GetLeftPart(UriPartial.Authority);
        var caData = Convert.ToBase64String(Encoding.ASCII.GetBytes(CaPem));
        var yaml = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake-kube-apiserver
              cluster:
                server: {server}
                certificate-authority-data: {caData}
            users:
            - name: fake-user
              user:
                token: '{token.Replace("'", "''", StringComparison.Ordinal)}'
            contexts:
            - name: fake
              context:
                cluster: fake-kube-apiserver
                user: fake-user
                namespace: default
            current-context: fake
            preferences: {"{}"}

            """;
        File.WriteAllText(path, yaml.ReplaceLineEndings("\n"));
    }

    /// <summary>An HttpClient for raw calls: trusts only <see cref="CaCertificate"/>, checks the host name, and sends
    /// <paramref name="token"/> as a bearer token unless null.</summary>
    public HttpClient CreateHttpClient(string? token = AdminToken)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { CaCertificate },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Registers a bearer token. <c>system:authenticated</c> is added to the groups, as the real
    /// authenticator chain does. With <paramref name="audiences"/>, the token is audience-bound (like a service
    /// account token): a TokenReview whose audiences do not intersect them is unauthenticated.</summary>
    public void AddToken(string token, string username, IEnumerable<string>? groups = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? extra = null, string? uid = null, IEnumerable<string>? audiences = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(username);
        var allGroups = (groups ?? []).ToList();
        if (!allGroups.Contains(AuthenticatedGroup))
        {
            allGroups.Add(AuthenticatedGroup);
        }

        var user = new KubeUser(username, uid, allGroups, new Dictionary<string, IReadOnlyList<string>>(extra ?? new Dictionary<string, IReadOnlyList<string>>(), StringComparer.Ordinal));
        lock (_gate)
        {
            _tokens[token] = new RegisteredToken(user, audiences?.ToList());
        }
    }

    /// <summary>Forgets a token (revocation); returns whether it was known.</summary>
    public bool RemoveToken(string token)
    {
        lock (_gate)
        {
            return _tokens.Remove(token);
        }
    }

    /// <summary>The default TokenReview answer: a token from <see cref="AddToken"/> (or <see cref="AdminToken"/>)
    /// authenticates as its user, with the requested audiences (or <see cref="ApiAudiences"/>); anything else is
    /// unauthenticated without an error, as for a token no authenticator recognises.</summary>
    public TokenReviewAnswer DefaultTokenReview(TokenReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RegisteredToken? registered;
        IReadOnlyList<string> target;
        lock (_gate)
        {
            _tokens.TryGetValue(request.Token, out registered);
            target = request.Audiences.Count > 0 ? request.Audiences : _apiAudiences;
        }

        if (registered is null)
        {
            return TokenReviewAnswer.Unauthenticated();
        }

        if (registered.Audiences is null)
        {
            return TokenReviewAnswer.For(registered.User, target);
        }

        var common = target.Intersect(registered.Audiences, StringComparer.Ordinal).ToList();
        return common.Count > 0
            ? TokenReviewAnswer.For(registered.User, common)
            : TokenReviewAnswer.Unauthenticated($"token audiences {GoQuote(registered.Audiences)} is invalid for the target audiences {GoQuote(target)}");
    }

    /// <summary>Allows <paramref name="userOrGroup"/> to <paramref name="verb"/> <paramref name="resource"/>
    /// (<c>resource/subresource</c> works too) in API group <paramref name="group"/> (<c>""</c> for core), in every
    /// namespace or only <paramref name="namespaceName"/>. <c>*</c> matches anything.</summary>
    public void Allow(string userOrGroup, string verb, string group, string resource, string? namespaceName = null) =>
        AddRule(deny: false, userOrGroup, verb, group, resource, namespaceName, path: null);

    /// <summary>Makes the default authorizer answer <c>denied: true</c> (as a webhook authorizer can); deny rules
    /// win over allow rules but not over <c>system:masters</c>.</summary>
    public void Deny(string userOrGroup, string verb, string group, string resource, string? namespaceName = null) =>
        AddRule(deny: true, userOrGroup, verb, group, resource, namespaceName, path: null);

    /// <summary>Allows a non-resource path such as <c>/healthz</c> or <c>/apis/*</c>.</summary>
    public void AllowNonResource(string userOrGroup, string verb, string path) =>
        AddRule(deny: false, userOrGroup, verb, group: null, resource: null, namespaceName: null, path);

    /// <summary>The default SubjectAccessReview answer: <c>system:masters</c> → allowed; a matching
    /// <see cref="Deny"/> rule → denied; a matching <see cref="Allow"/> rule → allowed with an RBAC-style
    /// reason; otherwise no opinion (<c>allowed: false</c>).</summary>
    public SubjectAccessReviewAnswer DefaultSubjectAccessReview(SubjectAccessReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Groups.Contains(MastersGroup))
        {
            return SubjectAccessReviewAnswer.Allow();
        }

        List<AccessRule> rules;
        lock (_gate)
        {
            rules = [.. _rules];
        }

        if (rules.FirstOrDefault(r => r.Deny && r.Matches(request)) is { } deny)
        {
            return SubjectAccessReviewAnswer.Deny(deny.Reason(request));
        }

        if (rules.FirstOrDefault(r => !r.Deny && r.Matches(request)) is { } allow)
        {
            return SubjectAccessReviewAnswer.Allow(allow.Reason(request));
        }

        return SubjectAccessReviewAnswer.NoOpinion();
    }

    /// <summary>Creates or updates a ConfigMap. A change bumps the resourceVersion and sends ADDED or MODIFIED to
    /// open watches; identical data is a no-op, as in the real server.</summary>
    public void SetConfigMap(string namespaceName, string name, IDictionary<string, string> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(data);
        _store.Put(ResourceType.ConfigMaps, namespaceName, name, new Dictionary<string, string>(data, StringComparer.Ordinal), null, null);
    }

    /// <summary>Deletes a ConfigMap (watches see DELETED); returns whether it existed.</summary>
    public bool DeleteConfigMap(string namespaceName, string name) => _store.Delete(ResourceType.ConfigMaps, namespaceName, name);

    /// <summary>Creates or updates a Secret; <c>data</c> is served base64-encoded like the real API.</summary>
    public void SetSecret(string namespaceName, string name, IDictionary<string, byte[]> data, string type = "Opaque")
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(type);
        var copy = data.ToDictionary(p => p.Key, p => (byte[])p.Value.Clone(), StringComparer.Ordinal);
        _store.Put(ResourceType.Secrets, namespaceName, name, null, copy, type);
    }

    /// <summary>Deletes a Secret; returns whether it existed.</summary>
    public bool DeleteSecret(string namespaceName, string name) => _store.Delete(ResourceType.Secrets, namespaceName, name);

    /// <summary>Every secrets request in <paramref name="namespaceName"/> gets 403 Forbidden, whoever asks.</summary>
    public void ForbidSecretsIn(string namespaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        lock (_gate)
        {
            _forbiddenSecretNamespaces.Add(namespaceName);
        }
    }

    /// <summary>
    /// Writes <c>kube-system/extension-apiserver-authentication</c> exactly as the kube-apiserver's
    /// cluster-authentication-trust controller does: <c>client-ca-file</c> only with a client CA;
    /// the <c>requestheader-*</c> keys only with a request-header CA, lists as JSON arrays in strings
    /// (e.g. <c>["X-Remote-User"]</c>, <c>[]</c> when empty); CA bundles re-encoded as PEM with certificates
    /// expired for more than five minutes dropped.
    /// </summary>
    public void SetExtensionApiserverAuthentication(
        string? clientCaPem,
        string? requestHeaderCaPem,
        IReadOnlyList<string> allowedNames,
        IReadOnlyList<string> usernameHeaders,
        IReadOnlyList<string> groupHeaders,
        IReadOnlyList<string> extraPrefixes,
        IReadOnlyList<string>? uidHeaders = null)
    {
        ArgumentNullException.ThrowIfNull(allowedNames);
        ArgumentNullException.ThrowIfNull(usernameHeaders);
        ArgumentNullException.ThrowIfNull(groupHeaders);
        ArgumentNullException.ThrowIfNull(extraPrefixes);

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (NormalizeCaBundle(clientCaPem) is { } clientCa)
        {
            data["client-ca-file"] = clientCa;
        }

        if (NormalizeCaBundle(requestHeaderCaPem) is { } requestHeaderCa)
        {
            data["requestheader-username-headers"] = KubeJson.StringArray(Unique(usernameHeaders));
            data["requestheader-uid-headers"] = KubeJson.StringArray(Unique(uidHeaders ?? []));
            data["requestheader-group-headers"] = KubeJson.StringArray(Unique(groupHeaders));
            data["requestheader-extra-headers-prefix"] = KubeJson.StringArray(Unique(extraPrefixes));
            data["requestheader-client-ca-file"] = requestHeaderCa;
            data["requestheader-allowed-names"] = KubeJson.StringArray(Unique(allowedNames));
        }

        SetConfigMap("kube-system", "extension-apiserver-authentication", data);
    }

    /// <summary>Sends a BOOKMARK at the current resourceVersion to open watches that allow bookmarks.</summary>
    public void SendBookmark() => _store.Bookmark();

    /// <summary>Forgets the watch history: resuming from any older resourceVersion then gets 410 Expired.</summary>
    public void CompactWatchHistory() => _store.Compact();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
        lock (_gate)
        {
            _downSignal.Dispose();
        }

        _servingCertificate.Dispose();
        CaCertificate.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A test may still hold a file open; the OS temp cleaner gets it.
        }
    }

    private static IEnumerable<string> Unique(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal);

    /// <summary>Go's <c>%q</c> of a string slice: <c>["a" "b"]</c>.</summary>
    private static string GoQuote(IEnumerable<string> values) => "[" + string.Join(' ', values.Select(v => $"\"{v}\"")) + "]";

    private static string? NormalizeCaBundle(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        if (certificates.Count == 0)
        {
            throw new ArgumentException("no CERTIFICATE block in the PEM bundle", nameof(pem));
        }

        var cutoff = DateTime.UtcNow.AddMinutes(-5);
        var kept = new List<byte[]>();
        foreach (var certificate in certificates)
        {
            using (certificate)
            {
                if (certificate.NotAfter.ToUniversalTime() > cutoff && !kept.Any(k => k.AsSpan().SequenceEqual(certificate.RawData)))
                {
                    kept.Add(certificate.RawData);
                }
            }
        }

        return kept.Count == 0 ? null : string.Concat(kept.Select(raw => new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE", raw)) + "\n"));
    }

    private void AddRule(bool deny, string userOrGroup, string verb, string? group, string? resource, string? namespaceName, string? path)
    {
        ArgumentException.ThrowIfNullOrEmpty(userOrGroup);
        ArgumentException.ThrowIfNullOrEmpty(verb);
        if (path is null)
        {
            ArgumentNullException.ThrowIfNull(group);
            ArgumentException.ThrowIfNullOrEmpty(resource);
        }

        lock (_gate)
        {
            _rules.Add(new AccessRule(_rules.Count + 1, deny, userOrGroup, verb, group, resource, namespaceName, path));
        }
    }

    private async Task StartListeningAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = _servingCertificate,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                });
            });
        });

        var app = builder.Build();
        app.Run(HandleAsync);
        _app = app;
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var port = new Uri(address).Port;
        BaseAddress = new Uri($"https://127.0.0.1:{port}/");
    }
}

using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Solvers.SolverHost.Security;

/// <summary>Authenticates like a Kubernetes aggregated API server, in the Go apiserver's order: the front proxy's
/// client certificate plus <c>X-Remote-*</c> headers, an x509 client certificate, a bearer token (TokenReview); with
/// none of them the caller is anonymous. The first that succeeds wins; if none does and one failed, the request
/// fails (no anonymous fallback). The user headers are removed from every request, trusted or not.</summary>
internal sealed class KubernetesAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AuthenticationSources sources,
    TokenReviewer tokens,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var snapshot = sources.Current;
        var headers = Request.Headers;
        var errors = new List<string>();
        KubernetesUser? user = null;

        var certificate = Context.Connection.ClientCertificate ?? await Context.Connection.GetClientCertificateAsync(Context.RequestAborted);
        if (certificate is not null)
        {
            var verdicts = VerdictsFor(certificate, snapshot);

            // Without a user header the front-proxy path has nothing to say (Go: not handled), so it is skipped.
            if (snapshot.RequestHeader is { } proxy && HasAny(proxy.UsernameHeaders))
            {
                var problem = verdicts.FrontProxy.Value;
                if (problem is null && FromHeaders(proxy) is { } proxied)
                {
                    user = proxied;
                }
                else if (problem is not null)
                {
                    errors.Add(problem);
                }
            }

            if (user is null && snapshot.ClientCa is { Count: > 0 })
            {
                var problem = verdicts.ClientCa.Value;
                if (problem is null)
                {
                    user = verdicts.ClientCaUser;
                }
                else
                {
                    errors.Add(problem);
                }
            }
        }

        // Whoever sent them, these headers carry no trust beyond this point.
        RemoveUserHeaders(snapshot.RequestHeader);

        if (user is null && BearerToken(headers.Authorization.ToString()) is { } token)
        {
            if (tokens.Enabled)
            {
                var (reviewed, error) = await tokens.ReviewAsync(token, Context.RequestAborted);
                if (reviewed is not null)
                {
                    user = reviewed;
                }
                else
                {
                    errors.Add(error!);
                }
            }
            else
            {
                errors.Add("bearer tokens are not accepted: this host has no kube-apiserver to review them");
            }
        }

        if (user is not null)
        {
            // A client-certificate user is the same on every request of a connection: reuse its principal.
            var principal = certificate is not null && ReferenceEquals(user, VerdictsFor(certificate, snapshot).ClientCaUser)
                ? VerdictsFor(certificate, snapshot).ClientCaPrincipal(Scheme.Name)
                : user.WithAuthenticatedGroup().ToPrincipal(Scheme.Name);
            return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
        }

        if (errors.Count > 0)
        {
            Context.Items[SolverAuthentication.FailureItem] = string.Join("; ", errors);
            return AuthenticateResult.Fail(string.Join("; ", errors));
        }

        return AuthenticateResult.NoResult();
    }

    /// <summary>What the certificate is worth against the current CAs, computed once per TLS connection (the
    /// certificate cannot change within one) and again when the CAs change; validity dates are checked each time.</summary>
    private CertificateVerdicts VerdictsFor(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, AuthenticationSources.Snapshot snapshot)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var items = Context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature>()?.Items;
        if (items?.TryGetValue(typeof(CertificateVerdicts), out var cached) == true && cached is CertificateVerdicts verdicts
            && ReferenceEquals(verdicts.Snapshot, snapshot) && ReferenceEquals(verdicts.Certificate, certificate)
            && now >= certificate.NotBefore.ToUniversalTime() && now <= certificate.NotAfter.ToUniversalTime())
        {
            return verdicts;
        }

        var fresh = new CertificateVerdicts(certificate, snapshot, now);
        if (items is not null)
        {
            items[typeof(CertificateVerdicts)] = fresh;
        }

        return fresh;
    }

    private KubernetesUser? FromHeaders(RequestHeaderSettings proxy)
    {
        var headers = Request.Headers;
        var name = proxy.UsernameHeaders.Select(h => headers[h].FirstOrDefault(v => !string.IsNullOrEmpty(v))).FirstOrDefault(v => v is not null);
        if (name is null)
        {
            return null;
        }

        var uid = proxy.UidHeaders.Select(h => headers[h].FirstOrDefault(v => !string.IsNullOrEmpty(v))).FirstOrDefault(v => v is not null) ?? string.Empty;
        var groups = proxy.GroupHeaders.SelectMany(h => headers[h]).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        var extra = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (header, values) in headers)
        {
            var prefix = proxy.ExtraHeaderPrefixes.FirstOrDefault(p => header.StartsWith(p, StringComparison.OrdinalIgnoreCase));
            if (prefix is null)
            {
                continue;
            }

            // Go lowercases the key and then percent-decodes it: X-Remote-Extra-Foo%2fBar -> foo/bar.
            var key = Uri.UnescapeDataString(header[prefix.Length..].ToLowerInvariant());
            if (!extra.TryGetValue(key, out var list))
            {
                extra[key] = list = [];
            }

            list.AddRange(values.Where(v => v is not null).Select(v => v!));
        }

        return new KubernetesUser(name, uid, groups, extra.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal));
    }

    private bool HasAny(IEnumerable<string> names) => names.Any(n => Request.Headers.ContainsKey(n));

    private void RemoveUserHeaders(RequestHeaderSettings? proxy)
    {
        var headers = Request.Headers;
        foreach (var name in proxy?.AllHeaderNames ?? RequestHeaderSettings.DefaultUsernameHeaders.Concat(RequestHeaderSettings.DefaultGroupHeaders))
        {
            headers.Remove(name);
        }

        var prefixes = proxy?.ExtraHeaderPrefixes ?? RequestHeaderSettings.DefaultExtraHeaderPrefixes;
        List<string>? extras = null;
        foreach (var key in headers.Keys)
        {
            foreach (var prefix in prefixes)
            {
                if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    (extras ??= []).Add(key);
                }
            }
        }

        foreach (var key in extras ?? [])
        {
            headers.Remove(key);
        }
    }

    /// <summary>Lazily computed verification results of one certificate against one set of CAs.</summary>
    private sealed class CertificateVerdicts
    {
        public CertificateVerdicts(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, AuthenticationSources.Snapshot snapshot, DateTime now)
        {
            Certificate = certificate;
            Snapshot = snapshot;
            FrontProxy = new Lazy<string?>(() =>
            {
                var proxy = snapshot.RequestHeader!;
                var problem = ClientCertificateVerifier.Verify(certificate, proxy.Authorities, now);
                var commonName = ClientCertificateVerifier.CommonName(certificate);
                return problem is null && proxy.AllowedNames.Count > 0 && !proxy.AllowedNames.Contains(commonName, StringComparer.Ordinal)
                    ? $"client certificate CN \"{commonName}\" is not an allowed front-proxy name"
                    : problem;
            });
            ClientCa = new Lazy<string?>(() => ClientCertificateVerifier.Verify(certificate, snapshot.ClientCa!, now));
            ClientCaUser = new KubernetesUser(
                ClientCertificateVerifier.CommonName(certificate), string.Empty, ClientCertificateVerifier.Organizations(certificate), new Dictionary<string, IReadOnlyList<string>>());
        }

        public System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate { get; }

        public AuthenticationSources.Snapshot Snapshot { get; }

        public Lazy<string?> FrontProxy { get; }

        public Lazy<string?> ClientCa { get; }

        public KubernetesUser ClientCaUser { get; }

        public System.Security.Claims.ClaimsPrincipal ClientCaPrincipal(string scheme) =>
            _principal ??= ClientCaUser.WithAuthenticatedGroup().ToPrincipal(scheme);

        private System.Security.Claims.ClaimsPrincipal? _principal;
    }

    private static string? BearerToken(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7 ? authorization[7..].Trim() : null;
}

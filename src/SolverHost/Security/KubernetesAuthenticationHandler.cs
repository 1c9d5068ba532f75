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
            var now = time.GetUtcNow().UtcDateTime;
            if (snapshot.RequestHeader is { } proxy)
            {
                var problem = ClientCertificateVerifier.Verify(certificate, proxy.Authorities, now);
                var commonName = ClientCertificateVerifier.CommonName(certificate);
                if (problem is null && proxy.AllowedNames.Count > 0 && !proxy.AllowedNames.Contains(commonName, StringComparer.Ordinal))
                {
                    problem = $"client certificate CN \"{commonName}\" is not an allowed front-proxy name";
                }

                if (problem is null)
                {
                    user = FromHeaders(proxy);
                }
                else if (HasAny(proxy.UsernameHeaders))
                {
                    errors.Add(problem);
                }
            }

            if (user is null && snapshot.ClientCa is { Count: > 0 } clientCa)
            {
                var problem = ClientCertificateVerifier.Verify(certificate, clientCa, now);
                if (problem is null)
                {
                    user = new KubernetesUser(ClientCertificateVerifier.CommonName(certificate), string.Empty, ClientCertificateVerifier.Organizations(certificate), new Dictionary<string, IReadOnlyList<string>>());
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
            return AuthenticateResult.Success(new AuthenticationTicket(user.WithAuthenticatedGroup().ToPrincipal(Scheme.Name), Scheme.Name));
        }

        if (errors.Count > 0)
        {
            Context.Items[SolverAuthentication.FailureItem] = string.Join("; ", errors);
            return AuthenticateResult.Fail(string.Join("; ", errors));
        }

        return AuthenticateResult.NoResult();
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
        var names = proxy?.AllHeaderNames ?? RequestHeaderSettings.DefaultUsernameHeaders.Concat(RequestHeaderSettings.DefaultGroupHeaders);
        var prefixes = proxy?.ExtraHeaderPrefixes ?? RequestHeaderSettings.DefaultExtraHeaderPrefixes;
        foreach (var name in names.Concat(headers.Keys.Where(k => prefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase)))).ToList())
        {
            headers.Remove(name);
        }
    }

    private static string? BearerToken(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7 ? authorization[7..].Trim() : null;
}

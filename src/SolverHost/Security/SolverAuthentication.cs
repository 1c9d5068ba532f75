using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Solvers.SolverHost.Security;

/// <summary>Names of the host's authentication scheme and authorization policy: the seam where delegated
/// Kubernetes authentication and SubjectAccessReview plug in.</summary>
internal static class SolverAuthentication
{
    public const string Scheme = "SolverHost";

    /// <summary>Required of every API, discovery and metrics endpoint; health endpoints are anonymous.</summary>
    public const string ApiPolicy = "SolverApi";

    public const string AnonymousUser = "system:anonymous";
    public const string UnauthenticatedGroup = "system:unauthenticated";
}

/// <summary>Standalone mode: no credentials are checked, every caller is <c>system:anonymous</c>. The host only runs
/// this way on loopback, or with <c>--insecure-allow-unauthenticated</c>.</summary>
internal sealed class StandaloneAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly AuthenticationTicket _anonymous = new(
        new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, SolverAuthentication.AnonymousUser), new Claim(ClaimTypes.Role, SolverAuthentication.UnauthenticatedGroup)],
            SolverAuthentication.Scheme)),
        SolverAuthentication.Scheme);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.Success(_anonymous));
}

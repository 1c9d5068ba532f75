using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Solvers.SolverHost.Hosting;

namespace Solvers.SolverHost.Security;

/// <summary>The caller may make this request.</summary>
internal sealed class ApiAccessRequirement : IAuthorizationRequirement
{
}

/// <summary>Authorizes like the Go apiserver's delegated authorizer: always-allow paths, then always-allow groups
/// (<c>system:masters</c>), then a SubjectAccessReview. Anonymous callers get nothing else. With
/// <c>--insecure-allow-unauthenticated</c> everyone is allowed.</summary>
internal sealed class KubernetesAuthorizationHandler(
    SubjectAccessReviewer reviewer,
    IOptions<SolverAuthorizationOptions> options,
    IOptions<SolverHostOptions> host,
    IHttpContextAccessor accessor) : AuthorizationHandler<ApiAccessRequirement>
{
    public static readonly IReadOnlyList<string> DefaultAlwaysAllowPaths = ["/healthz", "/readyz", "/livez"];
    public static readonly IReadOnlyList<string> DefaultAlwaysAllowGroups = ["system:masters"];

    private readonly string[] _alwaysAllowPaths = options.Value.AlwaysAllowPaths.Count > 0 ? [.. options.Value.AlwaysAllowPaths] : [.. DefaultAlwaysAllowPaths];
    private readonly HashSet<string> _alwaysAllowGroups = new(options.Value.AlwaysAllowGroups.Count > 0 ? options.Value.AlwaysAllowGroups : DefaultAlwaysAllowGroups, StringComparer.Ordinal);

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiAccessRequirement requirement)
    {
        var http = accessor.HttpContext ?? (context.Resource as HttpContext) ?? throw new InvalidOperationException("no HTTP request to authorize");
        var path = http.Request.Path.Value ?? "/";
        if (host.Value.InsecureAllowUnauthenticated || IsAlwaysAllowed(path))
        {
            context.Succeed(requirement);
            return;
        }

        var user = KubernetesUser.FromPrincipal(context.User);
        if (user.IsAnonymous)
        {
            context.Fail(new AuthorizationFailureReason(this, Reasons.Unauthenticated));
            return;
        }

        if (user.Groups.Any(_alwaysAllowGroups.Contains))
        {
            context.Succeed(requirement);
            return;
        }

        var attributes = RequestAttributes.From(http.Request.Method, path);
        if (!reviewer.Enabled)
        {
            context.Fail(new AuthorizationFailureReason(this, attributes.Forbidden(user.Name,
                $"no kube-apiserver is configured to authorize it, and the user is in none of the groups {string.Join(", ", _alwaysAllowGroups.Order(StringComparer.Ordinal))}")));
            return;
        }

        var decision = await reviewer.ReviewAsync(user, attributes, http.RequestAborted);
        if (decision.Allowed)
        {
            context.Succeed(requirement);
        }
        else if (decision.Failed)
        {
            context.Fail(new AuthorizationFailureReason(this, Reasons.ErrorPrefix + decision.Reason));
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, attributes.Forbidden(user.Name, decision.Reason)));
        }
    }

    private bool IsAlwaysAllowed(string path) =>
        Array.Exists(_alwaysAllowPaths, p => p.EndsWith('*') ? path.StartsWith(p[..^1], StringComparison.Ordinal) : path == p);

    /// <summary>Markers in failure reasons that choose the status code.</summary>
    internal static class Reasons
    {
        public const string Unauthenticated = "unauthenticated";
        public const string ErrorPrefix = "error: ";
    }
}

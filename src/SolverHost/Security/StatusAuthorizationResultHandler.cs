using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Solvers.SolverHost.Api;

namespace Solvers.SolverHost.Security;

/// <summary>Answers refused requests with a Kubernetes <c>Status</c>, as the Go apiserver does: 401 Unauthorized for
/// callers who are not authenticated, 403 Forbidden with the SubjectAccessReview's words, 500 when the kube-apiserver
/// could not be asked (fail closed).</summary>
internal sealed class StatusAuthorizationResultHandler(ILogger<StatusAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Succeeded)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
        KubernetesStatus status;
        if (reasons.Contains(KubernetesAuthorizationHandler.Reasons.Unauthenticated) || (reasons.Count == 0 && authorizeResult.Challenged))
        {
            var why = context.Items[SolverAuthentication.FailureItem] as string;
            status = new KubernetesStatus(StatusCodes.Status401Unauthorized, "Unauthorized", why is null ? "Unauthorized" : $"Unauthorized: {why}");
        }
        else if (reasons.FirstOrDefault(r => r.StartsWith(KubernetesAuthorizationHandler.Reasons.ErrorPrefix, StringComparison.Ordinal)) is { } error)
        {
            status = new KubernetesStatus(StatusCodes.Status500InternalServerError, "InternalError",
                $"Internal error occurred: the request could not be authorized: {error[KubernetesAuthorizationHandler.Reasons.ErrorPrefix.Length..]}");
        }
        else
        {
            var attributes = RequestAttributes.From(context.Request.Method, context.Request.Path.Value ?? "/");
            var message = reasons.FirstOrDefault() ?? "forbidden";
            status = new KubernetesStatus(StatusCodes.Status403Forbidden, "Forbidden", message,
                attributes.IsResourceRequest ? new StatusDetails(attributes.Group, attributes.Resource) : new StatusDetails());
        }

        var path = context.Request.Path.Value ?? string.Empty;
        var auditId = context.Request.Headers["Audit-Id"].ToString();
        Diagnostics.Log.RequestRejected(logger, status.Code, path, auditId, status.Message);
        return status.ExecuteAsync(context);
    }
}

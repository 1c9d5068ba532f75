using Microsoft.AspNetCore.Authorization;

namespace Solvers.SolverHost.Security;

/// <summary>The caller may use this API path. Standalone mode grants it to everyone; in a cluster it is decided by
/// the kube-apiserver (SubjectAccessReview).</summary>
internal sealed class ApiAccessRequirement : IAuthorizationRequirement
{
}

/// <summary>Grants <see cref="ApiAccessRequirement"/> to every caller (standalone mode).</summary>
internal sealed class StandaloneAuthorizationHandler : AuthorizationHandler<ApiAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiAccessRequirement requirement)
    {
        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

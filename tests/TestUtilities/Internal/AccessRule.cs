namespace Solvers.TestUtilities.Internal;

/// <summary>One allow or deny rule of the fake's default authorizer. A resource rule has a group and resource;
/// a non-resource rule has a path (a trailing <c>*</c> matches a prefix). <c>*</c> matches any verb, group or resource.</summary>
internal sealed record AccessRule(int Number, bool Deny, string Subject, string Verb, string? Group, string? Resource, string? Namespace, string? Path)
{
    public bool Matches(SubjectAccessReviewRequest request)
    {
        if (request.User != Subject && !request.Groups.Contains(Subject))
        {
            return false;
        }

        if (request.ResourceAttributes is { } ra)
        {
            if (Path is not null || !Wildcard(Verb, ra.Verb) || !Wildcard(Group!, ra.Group ?? string.Empty))
            {
                return false;
            }

            var resource = ra.Subresource is null ? ra.Resource : $"{ra.Resource}/{ra.Subresource}";
            var resourceMatches = Resource == "*"
                || Resource == resource
                || (ra.Subresource is not null && Resource == $"{ra.Resource}/*");
            return resourceMatches && (Namespace is null || Namespace == ra.Namespace);
        }

        if (request.NonResourceAttributes is { } nra)
        {
            return Path is not null
                && Wildcard(Verb, nra.Verb)
                && (Path == "*" || Path == nra.Path || (Path.EndsWith('*') && (nra.Path ?? string.Empty).StartsWith(Path[..^1], StringComparison.Ordinal)));
        }

        return false;
    }

    /// <summary>An RBAC-style reason, e.g. <c>RBAC: allowed by ClusterRoleBinding "fake-rule-1" of ClusterRole
    /// "fake-rule-1" to User "alice"</c>.</summary>
    public string Reason(SubjectAccessReviewRequest request)
    {
        var subject = request.User == Subject ? $"User \"{Subject}\"" : $"Group \"{Subject}\"";
        if (Deny)
        {
            return $"denied by fake rule {Number} for {subject}";
        }

        return Namespace is null
            ? $"RBAC: allowed by ClusterRoleBinding \"fake-rule-{Number}\" of ClusterRole \"fake-rule-{Number}\" to {subject}"
            : $"RBAC: allowed by RoleBinding \"fake-rule-{Number}/{Namespace}\" of Role \"fake-rule-{Number}\" to {subject}";
    }

    private static bool Wildcard(string rule, string? actual) => rule == "*" || rule == actual;
}

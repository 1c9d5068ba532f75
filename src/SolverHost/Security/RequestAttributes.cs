namespace Solvers.SolverHost.Security;

/// <summary>What a request asks to do, in SubjectAccessReview terms, derived as the Go apiserver's RequestInfo does:
/// <c>/apis/&lt;group&gt;/&lt;version&gt;/&lt;resource&gt;[/&lt;name&gt;[/&lt;subresource&gt;]]</c> is a resource request
/// (POST = create, GET = get or list, ...); everything else is a non-resource path with the method as verb.</summary>
internal sealed record RequestAttributes(string Verb, string? Group, string? Version, string? Resource, string? Name, string? Subresource, string Path)
{
    public bool IsResourceRequest => Resource is not null;

    public static RequestAttributes From(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 4 && segments[0] == "apis")
        {
            var name = segments.Length >= 5 ? segments[4] : null;
            var verb = method.ToUpperInvariant() switch
            {
                "POST" => "create",
                "GET" or "HEAD" => name is null ? "list" : "get",
                "PUT" => "update",
                "PATCH" => "patch",
                "DELETE" => name is null ? "deletecollection" : "delete",
                var other => other.ToLowerInvariant(),
            };
            return new RequestAttributes(verb, segments[1], segments[2], segments[3], name, segments.Length >= 6 ? segments[5] : null, path);
        }

        return new RequestAttributes(string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase) ? "get" : method.ToLowerInvariant(), null, null, null, null, null, path);
    }

    /// <summary>The denial message in the Go apiserver's words.</summary>
    public string Forbidden(string user, string? reason)
    {
        var suffix = string.IsNullOrEmpty(reason) ? string.Empty : ": " + reason;
        if (!IsResourceRequest)
        {
            return $"forbidden: User \"{user}\" cannot {Verb} path \"{Path}\"{suffix}";
        }

        var resource = Subresource is null ? Resource : $"{Resource}/{Subresource}";
        var what = Name is null ? $"{Resource}.{Group}" : $"{Resource}.{Group} \"{Name}\"";
        return $"{what} is forbidden: User \"{user}\" cannot {Verb} resource \"{resource}\" in API group \"{Group}\" at the cluster scope{suffix}";
    }
}

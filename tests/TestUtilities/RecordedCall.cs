using Microsoft.AspNetCore.WebUtilities;

namespace Solvers.TestUtilities;

/// <summary>One request the fake kube-apiserver received, recorded before it answered (so calls that the fake
/// then refused, delayed or dropped are here too).</summary>
/// <param name="Method">e.g. <c>POST</c>.</param>
/// <param name="Path">e.g. <c>/api/v1/namespaces/kube-system/configmaps</c>.</param>
/// <param name="PathAndQuery">The path with the raw query string, e.g. <c>…/configmaps?watch=true&amp;…</c>.</param>
/// <param name="Body">The request body as text (empty for GET).</param>
/// <param name="User">The user the bearer token belongs to, or null when the token was missing or unknown.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
public sealed record RecordedCall(string Method, string Path, string PathAndQuery, string Body, string? User, DateTimeOffset ReceivedAt)
{
    /// <summary>The first value of query parameter <paramref name="name"/>, or null.</summary>
    public string? QueryValue(string name)
    {
        var mark = PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        if (mark < 0)
        {
            return null;
        }

        var values = QueryHelpers.ParseQuery(PathAndQuery[mark..]);
        return values.TryGetValue(name, out var value) && value.Count > 0 ? value[0] : null;
    }
}

namespace Solvers.TestUtilities;

/// <summary>A Kubernetes user as <c>authentication.k8s.io/v1 UserInfo</c> describes it.</summary>
/// <param name="Username">e.g. <c>system:serviceaccount:cert-manager:cert-manager</c>.</param>
/// <param name="Uid">Optional; omitted from JSON when null or empty.</param>
/// <param name="Groups">e.g. <c>system:serviceaccounts</c>, <c>system:authenticated</c>.</param>
/// <param name="Extra">e.g. <c>authentication.kubernetes.io/pod-name</c> → one value.</param>
public sealed record KubeUser(
    string Username,
    string? Uid,
    IReadOnlyList<string> Groups,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    /// <summary>A user with groups and nothing else.</summary>
    public KubeUser(string username, params string[] groups)
        : this(username, null, groups, new Dictionary<string, IReadOnlyList<string>>())
    {
    }
}

using System.Security.Claims;

namespace Solvers.SolverHost.Security;

/// <summary>An authenticated Kubernetes identity (user.Info): name, uid, groups and extra, as authenticators produce it
/// and SubjectAccessReview takes it.</summary>
internal sealed record KubernetesUser(string Name, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    public const string AuthenticatedGroup = "system:authenticated";
    private const string UidClaim = "k8s/uid";
    private const string ExtraClaimPrefix = "k8s/extra/";

    public static readonly KubernetesUser Anonymous = new("system:anonymous", string.Empty, ["system:unauthenticated"], new Dictionary<string, IReadOnlyList<string>>());

    public bool IsAnonymous => Name == Anonymous.Name;

    /// <summary>Adds <c>system:authenticated</c>, as the Go apiserver's AuthenticatedGroupAdder does.</summary>
    public KubernetesUser WithAuthenticatedGroup() =>
        Groups.Contains(AuthenticatedGroup, StringComparer.Ordinal) || IsAnonymous ? this : this with { Groups = [.. Groups, AuthenticatedGroup] };

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, Name) };
        if (Uid.Length > 0)
        {
            claims.Add(new Claim(UidClaim, Uid));
        }

        claims.AddRange(Groups.Select(g => new Claim(ClaimTypes.Role, g)));
        claims.AddRange(Extra.SelectMany(e => e.Value.Select(v => new Claim(ExtraClaimPrefix + e.Key, v))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static KubernetesUser FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var name = principal.FindFirst(ClaimTypes.Name)?.Value;
        if (name is null)
        {
            return Anonymous;
        }

        var extra = principal.Claims
            .Where(c => c.Type.StartsWith(ExtraClaimPrefix, StringComparison.Ordinal))
            .GroupBy(c => c.Type[ExtraClaimPrefix.Length..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(c => c.Value)], StringComparer.Ordinal);
        return new KubernetesUser(
            name,
            principal.FindFirst(UidClaim)?.Value ?? string.Empty,
            [.. principal.FindAll(ClaimTypes.Role).Select(c => c.Value)],
            extra);
    }
}

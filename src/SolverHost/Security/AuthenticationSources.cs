using System.Security.Cryptography.X509Certificates;

namespace Solvers.SolverHost.Security;

/// <summary>What the front proxy's client certificate must be, and which headers then carry the user.</summary>
internal sealed record RequestHeaderSettings(
    X509Certificate2Collection Authorities,
    IReadOnlyList<string> AllowedNames,
    IReadOnlyList<string> UsernameHeaders,
    IReadOnlyList<string> UidHeaders,
    IReadOnlyList<string> GroupHeaders,
    IReadOnlyList<string> ExtraHeaderPrefixes)
{
    public static readonly IReadOnlyList<string> DefaultUsernameHeaders = ["X-Remote-User"];
    public static readonly IReadOnlyList<string> DefaultGroupHeaders = ["X-Remote-Group"];
    public static readonly IReadOnlyList<string> DefaultExtraHeaderPrefixes = ["X-Remote-Extra-"];

    /// <summary>Every header this configuration reads; they are removed from each request.</summary>
    public IEnumerable<string> AllHeaderNames => UsernameHeaders.Concat(UidHeaders).Concat(GroupHeaders);
}

/// <summary>The certificate authorities the authenticator trusts right now. Swapped whole when flags are read or the
/// <c>extension-apiserver-authentication</c> ConfigMap changes, so a rotated front-proxy CA applies without restart.</summary>
internal sealed class AuthenticationSources
{
    private volatile Snapshot _current = new(null, null);

    public Snapshot Current => _current;

    public void Set(X509Certificate2Collection? clientCa, RequestHeaderSettings? requestHeader) => _current = new Snapshot(clientCa, requestHeader);

    /// <summary>One consistent view.</summary>
    internal sealed record Snapshot(X509Certificate2Collection? ClientCa, RequestHeaderSettings? RequestHeader)
    {
        public bool HasAny => ClientCa is { Count: > 0 } || RequestHeader is not null;
    }
}

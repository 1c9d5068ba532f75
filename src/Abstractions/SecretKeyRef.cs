namespace Solvers.Abstractions;

/// <summary>A reference to one key of a Kubernetes Secret in the request's namespace, as in cert-manager's
/// <c>SecretKeySelector</c>: <c>{"name": "cloudflare-api-token", "key": "api-token"}</c>.</summary>
/// <remarks>Configs carry references, never secret values.</remarks>
public sealed record SecretKeyRef
{
    /// <summary>The Secret's name, e.g. <c>cloudflare-api-token</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The key within the Secret's <c>data</c>, e.g. <c>api-token</c>.</summary>
    public required string Key { get; init; }

    /// <summary><c>name/key</c>, for messages.</summary>
    public override string ToString() => $"{Name}/{Key}";
}

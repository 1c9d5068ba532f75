namespace Solvers.Abstractions;

/// <summary>Request facts and the services bound to the request.</summary>
/// <param name="Uid">The request's <c>uid</c>. cert-manager always sends an empty one; use it only in logs.</param>
/// <param name="ResourceNamespace">Where the issuer's secrets live: the Issuer's namespace, or cert-manager's
/// cluster resource namespace for a ClusterIssuer, e.g. <c>cert-manager</c>.</param>
/// <param name="AllowAmbientCredentials">Whether the issuer may use credentials of the host's own environment
/// (instance metadata, workload identity). Honour it: <c>false</c> means use only what the config references.</param>
/// <param name="Secrets">Reads secrets from <paramref name="ResourceNamespace"/> and nowhere else.</param>
public sealed record ChallengeContext(string Uid, string ResourceNamespace, bool AllowAmbientCredentials, ISecretReader Secrets);

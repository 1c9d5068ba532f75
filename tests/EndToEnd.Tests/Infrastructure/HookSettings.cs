namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>What the certbot hook (Scripts/challenge_hook.py) needs to call the host as the kube-apiserver would on
/// behalf of cert-manager.</summary>
/// <param name="SolverUrl">e.g. https://127.0.0.1:41234/apis/acme.solvers.test/v1alpha1/rfc2136</param>
/// <param name="ServingCaFile">Verifies the host's serving certificate (the APIService's caBundle).</param>
/// <param name="FrontProxyCertificateFile">The front proxy's client certificate.</param>
/// <param name="FrontProxyKeyFile">Its key.</param>
/// <param name="User">X-Remote-User, e.g. system:serviceaccount:cert-manager:cert-manager.</param>
/// <param name="Groups">One X-Remote-Group header each.</param>
/// <param name="Zone">resolvedZone, e.g. example.test.</param>
/// <param name="ResourceNamespace">cert-manager's cluster resource namespace.</param>
/// <param name="ConfigJson">The ClusterIssuer's dns01.webhook.config, or null for none.</param>
internal sealed record HookSettings(
    Uri SolverUrl,
    string ServingCaFile,
    string FrontProxyCertificateFile,
    string FrontProxyKeyFile,
    string User,
    IReadOnlyList<string> Groups,
    string Zone,
    string ResourceNamespace,
    string? ConfigJson);

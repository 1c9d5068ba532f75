using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;
using Microsoft.Extensions.Options;
using Solvers.SolverHost.Hosting;

namespace Solvers.SolverHost.Security;

/// <summary>The kube-apiserver clients the host delegates to: one for authentication (TokenReview, the ConfigMap
/// lookup), one for authorization (SubjectAccessReview), one for Secrets. Each comes from its kubeconfig flag, else
/// <c>--kubeconfig</c>, else the in-cluster service account; null when none applies (standalone).</summary>
internal sealed class KubernetesClients : IDisposable
{
    private readonly List<IKubernetes> _created = [];

    public KubernetesClients(IOptions<SolverHostOptions> host, IOptions<SolverAuthenticationOptions> authentication, IOptions<SolverAuthorizationOptions> authorization)
    {
        var core = host.Value.Kubeconfig;
        Authentication = Create(authentication.Value.Kubeconfig ?? core);
        Authorization = Create(authorization.Value.Kubeconfig ?? core);
        Core = Create(core);
    }

    public IKubernetes? Authentication { get; }

    public IKubernetes? Authorization { get; }

    public IKubernetes? Core { get; }

    /// <summary>Whether a kube-apiserver can be reached at all (a kubeconfig flag or in-cluster).</summary>
    public static bool Available(string? kubeconfig) => !string.IsNullOrEmpty(kubeconfig) || KubernetesClientConfiguration.IsInCluster();

    public void Dispose()
    {
        foreach (var client in _created)
        {
            client.Dispose();
        }
    }

    private Kubernetes? Create(string? kubeconfig)
    {
        KubernetesClientConfiguration configuration;
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        }
        else if (KubernetesClientConfiguration.IsInCluster())
        {
            configuration = KubernetesClientConfiguration.InClusterConfig();
        }
        else
        {
            return null;
        }

        // With a custom CA the library checks only the chain, not the host name, and its own callback replaces any
        // other; so take the CA away from it and check both here.
        var authorities = configuration.SslCaCerts;
        var skip = configuration.SkipTlsVerify;
        configuration.SslCaCerts = null;
        configuration.FirstMessageHandlerSetup = handler =>
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                skip || ValidateServer(certificate, chain, errors, authorities);
        configuration.HttpClientTimeout = TimeSpan.FromSeconds(30);
        var client = new Kubernetes(configuration);
        _created.Add(client);
        return client;
    }

    internal static bool ValidateServer(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection? authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (authorities is not { Count: > 0 })
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}

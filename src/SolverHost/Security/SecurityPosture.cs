using System.Net;
using Microsoft.Extensions.Options;
using Solvers.SolverHost.Hosting;
using Solvers.SolverHost.Tls;

namespace Solvers.SolverHost.Security;

/// <summary>Decides once, from the raw settings, how callers are authenticated: delegated to a kube-apiserver (in a
/// cluster or with a kubeconfig), by CA files given as flags, by the generated development PKI (standalone on
/// loopback), or not at all (<c>--insecure-allow-unauthenticated</c>).</summary>
internal sealed class SecurityPosture
{
    private readonly Lazy<DevelopmentPki> _pki;

    public SecurityPosture(IConfiguration configuration)
        : this(
            configuration.GetSection(SolverHostOptions.SectionName).Get<SolverHostOptions>() ?? new SolverHostOptions(),
            configuration.GetSection(SolverAuthenticationOptions.SectionName).Get<SolverAuthenticationOptions>() ?? new SolverAuthenticationOptions())
    {
    }

    public SecurityPosture(SolverHostOptions host, SolverAuthenticationOptions authentication)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(authentication);
        Insecure = host.InsecureAllowUnauthenticated;
        Delegated = KubernetesClients.Available(authentication.Kubeconfig ?? host.Kubeconfig);
        HasCaFlags = !string.IsNullOrEmpty(authentication.ClientCaFile) || !string.IsNullOrEmpty(authentication.RequestHeaderClientCaFile);
        var address = IPAddress.TryParse(host.BindAddress, out var parsed) ? parsed : IPAddress.Loopback;
        UsesDevelopmentPki = !Insecure && !Delegated && !HasCaFlags && IPAddress.IsLoopback(address);
        _pki = new Lazy<DevelopmentPki>(() => DevelopmentPki.Ensure(host.StateDir, address));
    }

    public bool Insecure { get; }

    public bool Delegated { get; }

    public bool HasCaFlags { get; }

    public bool UsesDevelopmentPki { get; }

    /// <summary>Whether anything authenticates callers at all.</summary>
    public bool AuthenticationConfigured => Delegated || HasCaFlags || UsesDevelopmentPki;

    /// <summary>The development PKI, created on first use; only when <see cref="UsesDevelopmentPki"/>.</summary>
    public DevelopmentPki DevelopmentPki => UsesDevelopmentPki ? _pki.Value : throw new InvalidOperationException("the development PKI is not in use");
}

/// <summary>Points the serving certificate and the client CAs at the development PKI when it is in use.</summary>
internal sealed class DevelopmentPkiOptions(SecurityPosture posture) : IPostConfigureOptions<SolverHostOptions>, IPostConfigureOptions<SolverAuthenticationOptions>
{
    public void PostConfigure(string? name, SolverHostOptions options)
    {
        if (posture.UsesDevelopmentPki && string.IsNullOrEmpty(options.TlsCertFile) && string.IsNullOrEmpty(options.TlsPrivateKeyFile))
        {
            options.TlsCertFile = posture.DevelopmentPki.ServingCertFile;
            options.TlsPrivateKeyFile = posture.DevelopmentPki.ServingKeyFile;
        }
    }

    public void PostConfigure(string? name, SolverAuthenticationOptions options)
    {
        if (!posture.UsesDevelopmentPki)
        {
            return;
        }

        options.ClientCaFile = posture.DevelopmentPki.CaFile;
        options.RequestHeaderClientCaFile = posture.DevelopmentPki.FrontProxyCaFile;
        if (options.RequestHeaderAllowedNames.Count == 0)
        {
            options.RequestHeaderAllowedNames.Add(DevelopmentPki.FrontProxyClientName);
        }
    }
}

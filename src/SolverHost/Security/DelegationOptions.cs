namespace Solvers.SolverHost.Security;

/// <summary>Delegated authentication settings, named after the Go generic apiserver's flags (section
/// <c>Solvers:Authentication</c>).</summary>
public sealed class SolverAuthenticationOptions
{
    public const string SectionName = "Solvers:Authentication";

    /// <summary>Kubeconfig for TokenReview and the ConfigMap lookup; in-cluster config when empty.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Do not read <c>kube-system/extension-apiserver-authentication</c>.</summary>
    public bool SkipLookup { get; set; }

    /// <summary>Start even if that ConfigMap cannot be read.</summary>
    public bool TolerateLookupFailure { get; set; }

    public TimeSpan TokenWebhookCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>CA bundle for x509 client certificates (user = CN, groups = O).</summary>
    public string? ClientCaFile { get; set; }

    /// <summary>CA bundle for the front proxy's client certificate (the kube-apiserver's aggregator).</summary>
    public string? RequestHeaderClientCaFile { get; set; }

    public IList<string> RequestHeaderAllowedNames { get; } = [];

    public IList<string> RequestHeaderUsernameHeaders { get; } = [];

    public IList<string> RequestHeaderUidHeaders { get; } = [];

    public IList<string> RequestHeaderGroupHeaders { get; } = [];

    public IList<string> RequestHeaderExtraHeadersPrefix { get; } = [];
}

/// <summary>Delegated authorization settings (section <c>Solvers:Authorization</c>).</summary>
public sealed class SolverAuthorizationOptions
{
    public const string SectionName = "Solvers:Authorization";

    /// <summary>Kubeconfig for SubjectAccessReview; in-cluster config when empty.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Paths anyone may call; a trailing <c>*</c> is a prefix. Empty means the default
    /// <c>/healthz</c>, <c>/readyz</c>, <c>/livez</c>.</summary>
    public IList<string> AlwaysAllowPaths { get; } = [];

    /// <summary>Groups allowed everything. Empty means <c>system:masters</c>.</summary>
    public IList<string> AlwaysAllowGroups { get; } = [];

    public TimeSpan WebhookCacheAuthorizedTtl { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan WebhookCacheUnauthorizedTtl { get; set; } = TimeSpan.FromSeconds(10);
}

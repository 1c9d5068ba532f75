namespace Solvers.SolverHost.Hosting;

/// <summary>Host settings, bound from configuration section <c>Solvers</c> (appsettings, <c>Solvers__*</c> environment
/// variables, or the generic-apiserver-style flags in <see cref="CommandLineFlags"/>).</summary>
public sealed class SolverHostOptions
{
    public const string SectionName = "Solvers";

    /// <summary>The API group the issuers name in <c>dns01.webhook.groupName</c>, e.g. <c>acme.example.com</c>.</summary>
    public string GroupName { get; set; } = string.Empty;

    /// <summary>The IP address to serve HTTPS on.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The HTTPS port; 0 picks a free one.</summary>
    public int SecurePort { get; set; } = 8443;

    /// <summary>PEM serving certificate (with its chain); without it a self-signed certificate is generated.</summary>
    public string? TlsCertFile { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertFile"/>.</summary>
    public string? TlsPrivateKeyFile { get; set; }

    /// <summary>How often the serving certificate files are re-read, besides file-change notifications.</summary>
    public TimeSpan TlsReloadInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The time budget of one Present or CleanUp; below the 34 s bound of the Go apiserver.</summary>
    public TimeSpan SolverTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to keep serving after shutdown starts, with readiness already false, so that load balancers
    /// stop sending new requests first.</summary>
    public TimeSpan ShutdownDelay { get; set; } = TimeSpan.Zero;

    /// <summary>HTTP/2 streams per connection, as the Go apiserver's default.</summary>
    public int Http2MaxStreamsPerConnection { get; set; } = 1000;

    /// <summary>A folder of secrets for standalone use: <c>&lt;dir&gt;/&lt;namespace&gt;/&lt;name&gt;/&lt;key&gt;</c>.</summary>
    public string? SecretsDir { get; set; }

    /// <summary>Kubeconfig for reading Secrets (and, unless their own flags say otherwise, for TokenReview and
    /// SubjectAccessReview); in-cluster config when empty.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Where standalone mode keeps its development PKI.</summary>
    public string StateDir { get; set; } = ".solvers";

    /// <summary>Serve on a non-loopback address without authenticating callers.</summary>
    public bool InsecureAllowUnauthenticated { get; set; }

    /// <summary>Console log format: <c>text</c> or <c>json</c>.</summary>
    public string LoggingFormat { get; set; } = "text";
}

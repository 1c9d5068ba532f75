using System.Net;
using Microsoft.Extensions.Options;
using Solvers.SolverHost.Secrets;
using Solvers.SolverHost.Security;

namespace Solvers.SolverHost.Hosting;

/// <summary>Checks <see cref="SolverHostOptions"/> at start-up, with messages that name the flag to fix.</summary>
internal sealed class SolverHostOptionsValidator(SecurityPosture posture) : IValidateOptions<SolverHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SolverHostOptions options)
    {
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(options.GroupName))
        {
            errors.Add("--group-name (or GROUP_NAME) is required: the API group your issuers name in dns01.webhook.groupName");
        }
        else if (!SecretNames.IsSecretName(options.GroupName) || !options.GroupName.Contains('.', StringComparison.Ordinal))
        {
            errors.Add($"--group-name \"{options.GroupName}\" is not a lowercase DNS subdomain with at least two labels, such as acme.example.com");
        }

        if (!IPAddress.TryParse(options.BindAddress, out var address))
        {
            errors.Add($"--bind-address \"{options.BindAddress}\" is not an IP address");
        }
        else if (!IPAddress.IsLoopback(address) && !options.InsecureAllowUnauthenticated && !posture.AuthenticationConfigured)
        {
            errors.Add(
                $"refusing to serve on {options.BindAddress}: no authentication is configured, so anyone who can reach the port " +
                "could write DNS records. Run in a cluster (or pass --authentication-kubeconfig), give --client-ca-file or " +
                "--requestheader-client-ca-file, bind to a loopback address, or accept the risk with --insecure-allow-unauthenticated");
        }

        if (options.SecurePort is < 0 or > 65535)
        {
            errors.Add($"--secure-port {options.SecurePort} is not a port number");
        }

        if (string.IsNullOrEmpty(options.TlsCertFile) != string.IsNullOrEmpty(options.TlsPrivateKeyFile))
        {
            errors.Add("--tls-cert-file and --tls-private-key-file must be given together");
        }

        if (options.SolverTimeout <= TimeSpan.Zero || options.SolverTimeout > TimeSpan.FromSeconds(34))
        {
            errors.Add($"--solver-timeout {options.SolverTimeout} must be above zero and at most 34s, the bound after which the kube-apiserver gives up");
        }

        if (options.ShutdownDelay < TimeSpan.Zero)
        {
            errors.Add("--shutdown-delay-duration must not be negative");
        }

        if (options.TlsReloadInterval <= TimeSpan.Zero)
        {
            errors.Add("Solvers:TlsReloadInterval must be above zero");
        }

        if (options.Http2MaxStreamsPerConnection < 1)
        {
            errors.Add("--http2-max-streams-per-connection must be at least 1");
        }

        if (options.LoggingFormat is not ("text" or "json"))
        {
            errors.Add($"--logging-format \"{options.LoggingFormat}\" must be text or json");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

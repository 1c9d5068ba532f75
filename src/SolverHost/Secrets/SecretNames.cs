using System.Text.RegularExpressions;

namespace Solvers.SolverHost.Secrets;

/// <summary>Kubernetes name rules (DNS-1123 labels and subdomains, Secret keys); they also keep file paths inside the
/// secrets folder.</summary>
internal static partial class SecretNames
{
    public static bool IsNamespace(string value) => value.Length <= 63 && Label().IsMatch(value);

    public static bool IsSecretName(string value) => value.Length <= 253 && Subdomain().IsMatch(value);

    // Secret data keys: alphanumerics, '-', '_' and '.', and never "." or "..".
    public static bool IsKey(string value) => value.Length <= 253 && value is not ("." or "..") && Key().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex(@"^[-._a-zA-Z0-9]+$")]
    private static partial Regex Key();
}

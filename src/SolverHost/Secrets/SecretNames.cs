using System.Text.RegularExpressions;
using Solvers.Abstractions;

namespace Solvers.SolverHost.Secrets;

/// <summary>Kubernetes name rules (DNS-1123 labels and subdomains, Secret keys); they also keep file paths inside the
/// secrets folder.</summary>
internal static partial class SecretNames
{
    /// <summary>Checks a reference before anything is read; returns where it points, for messages.</summary>
    /// <exception cref="SecretNotFoundException">The namespace, name or key breaks Kubernetes naming rules.</exception>
    public static string Check(string resourceNamespace, SecretKeyRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var where = $"secret {resourceNamespace}/{reference.Name} key {reference.Key}";
        if (!IsNamespace(resourceNamespace))
        {
            throw new SecretNotFoundException($"{where}: \"{resourceNamespace}\" (request.resourceNamespace) is not a valid namespace name");
        }

        if (!IsSecretName(reference.Name))
        {
            throw new SecretNotFoundException($"{where}: \"{reference.Name}\" is not a valid Secret name");
        }

        if (!IsKey(reference.Key))
        {
            throw new SecretNotFoundException($"{where}: \"{reference.Key}\" is not a valid Secret key");
        }

        return where;
    }

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

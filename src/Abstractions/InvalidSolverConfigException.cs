namespace Solvers.Abstractions;

/// <summary>The request's <c>webhook.config</c> does not fit the solver's config type.</summary>
/// <remarks>The message names the JSON path, e.g. <c>invalid webhook.config at $.apiTokenSecretRef.name: value is required</c>.
/// Providers throw it for rules that span fields (exactly one of two credentials).</remarks>
public sealed class InvalidSolverConfigException : DnsProviderException
{
    /// <summary>Creates an exception with an empty message; prefer the overloads that explain.</summary>
    public InvalidSolverConfigException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public InvalidSolverConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public InvalidSolverConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for the field at <paramref name="jsonPath"/>, e.g. <c>$.ttl</c>.</summary>
    public static InvalidSolverConfigException AtPath(string jsonPath, string problem) =>
        new($"invalid webhook.config at {jsonPath}: {problem}");
}

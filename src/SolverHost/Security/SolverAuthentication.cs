namespace Solvers.SolverHost.Security;

/// <summary>Names of the host's authentication scheme and authorization policy.</summary>
internal static class SolverAuthentication
{
    public const string Scheme = "Kubernetes";

    /// <summary>Required of every API, discovery, metrics and unknown path; health endpoints are anonymous.</summary>
    public const string ApiPolicy = "SolverApi";

    /// <summary>HttpContext item holding why authentication failed, for the 401 message.</summary>
    public const string FailureItem = "solvers.authentication-failure";
}

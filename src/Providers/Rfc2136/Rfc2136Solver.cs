namespace Solvers.Providers.Rfc2136;

/// <summary>Names the <c>rfc2136</c> solver uses outside its code.</summary>
public static class Rfc2136Solver
{
    /// <summary>The issuer's <c>solverName</c>: <c>rfc2136</c>.</summary>
    public const string Name = "rfc2136";
}

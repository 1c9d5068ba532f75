namespace Solvers.Providers.Embedded;

/// <summary>Names the <c>embedded</c> solver uses outside its code: the issuer's <c>solverName</c> and the host's
/// configuration section.</summary>
public static class EmbeddedSolver
{
    /// <summary>The issuer's <c>solverName</c>: <c>embedded</c>.</summary>
    public const string Name = "embedded";

    /// <summary>The configuration section bound to <see cref="EmbeddedDnsOptions"/>.</summary>
    public const string ConfigurationSection = "Solvers:Providers:Embedded";
}

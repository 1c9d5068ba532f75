using Solvers.Propagation;

namespace Solvers.SolverHost.Propagation;

/// <summary>How the host waits for propagation after a Present (section <c>Solvers:Propagation</c>).</summary>
public sealed class HostPropagationOptions
{
    public const string SectionName = "Solvers:Propagation";

    /// <summary>Solvers that are not waited for. The embedded server serves a value the moment it is written, and its
    /// zones are usually not delegated, so it is left out by default.</summary>
    public IList<string> SkipSolvers { get; } = [];

    /// <summary>Recursive resolvers (<c>ip:port</c>) for CNAME, zone, NS and address lookups; the system's when empty.</summary>
    public IList<string> RecursiveNameservers { get; } = [];

    /// <summary>Ask only the recursive resolvers, not each authoritative server.</summary>
    public bool RecursiveOnly { get; set; }

    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Port of the authoritative servers, for test setups that do not listen on 53.</summary>
    public int? AuthoritativePort { get; set; }

    /// <summary>Whether unreachable authoritative servers block: <c>Block</c>, <c>Quorum</c> or <c>ReachableOnly</c>.</summary>
    public UnreachablePolicy Unreachable { get; set; } = UnreachablePolicy.Block;

    public int? Quorum { get; set; }

    /// <summary>How much of the request's time budget is kept back for the answer itself.</summary>
    public TimeSpan AnswerReserve { get; set; } = TimeSpan.FromSeconds(2);

    internal static readonly string[] DefaultSkippedSolvers = ["embedded"];

    internal bool Waits(string solver) =>
        !(SkipSolvers.Count > 0 ? SkipSolvers : DefaultSkippedSolvers).Contains(solver, StringComparer.Ordinal);

    internal PropagationOptions ToChecker(TimeSpan deadline) => new()
    {
        RecursiveNameservers = PropagationOptions.ParseNameservers(RecursiveNameservers),
        RecursiveOnly = RecursiveOnly,
        QueryTimeout = QueryTimeout,
        Deadline = deadline,
        AuthoritativePort = AuthoritativePort,
        Unreachable = Unreachable,
        Quorum = Quorum,
    };
}

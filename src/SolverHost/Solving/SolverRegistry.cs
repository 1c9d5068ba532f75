using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Solvers.Abstractions;

namespace Solvers.SolverHost.Solving;

/// <summary>The registered solvers by name. Built once at start-up; refuses names cert-manager could never reach
/// (cert-manager lowercases the name in the URL) and names registered twice.</summary>
internal sealed partial class SolverRegistry
{
    private readonly FrozenDictionary<string, IDnsSolver> _solvers;

    public SolverRegistry(IEnumerable<IDnsSolver> solvers)
    {
        var byName = new Dictionary<string, IDnsSolver>(StringComparer.Ordinal);
        foreach (var solver in solvers)
        {
            var name = solver.Name;
            if (string.IsNullOrEmpty(name) || !ResourceName().IsMatch(name))
            {
                throw new InvalidOperationException(
                    $"solver name \"{name}\" of {solver.GetType().Name} is not allowed: use lowercase letters, digits and '-' " +
                    "(cert-manager lowercases solverName in the URL, so other names could never be reached)");
            }

            if (!byName.TryAdd(name, solver))
            {
                throw new InvalidOperationException(
                    $"solver name \"{name}\" is registered twice ({byName[name].GetType().Name} and {solver.GetType().Name}); each solver needs its own name");
            }
        }

        _solvers = byName.ToFrozenDictionary(StringComparer.Ordinal);
        Names = [.. _solvers.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Solver names in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    public IEnumerable<IDnsSolver> All => Names.Select(n => _solvers[n]);

    /// <summary>Finds a solver by its exact name; the Go apiserver also routes case-sensitively.</summary>
    public bool TryGet(string name, out IDnsSolver solver) => _solvers.TryGetValue(name, out solver!);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex ResourceName();
}

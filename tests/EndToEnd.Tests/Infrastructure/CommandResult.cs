namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>What a finished program left: its exit code, output and wall time.</summary>
internal sealed record CommandResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>stdout and stderr together, for assertions on what a user would see in the terminal.</summary>
    public string Output => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.00} s\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

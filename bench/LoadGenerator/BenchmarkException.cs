namespace Solvers.Bench.LoadGenerator;

/// <summary>The benchmark cannot go on; the message says why (and shows the server's log where it helps).</summary>
internal sealed class BenchmarkException(string message) : Exception(message);

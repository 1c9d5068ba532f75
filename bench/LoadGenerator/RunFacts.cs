namespace Solvers.Bench.LoadGenerator;

/// <summary>What the report says about the run besides the measurements.</summary>
/// <param name="Configuration">The build configuration of this program, e.g. <c>Release</c>.</param>
/// <param name="HostDll">The host that was measured.</param>
/// <param name="HostLogBytes">How much the host logged during the run.</param>
/// <param name="HostRequests">How many requests the host answered, warm-up included.</param>
internal sealed record RunFacts(string Configuration, string HostDll, long HostLogBytes, long HostRequests);

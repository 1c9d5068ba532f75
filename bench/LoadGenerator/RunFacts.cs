namespace Solvers.Bench.LoadGenerator;

/// <summary>What the report says about the run besides the measurements.</summary>
/// <param name="Configuration">The build configuration of this program, e.g. <c>Release</c>.</param>
/// <param name="HostDll">The host that was measured.</param>
/// <param name="HostVersion">The host's product version, with the commit it was built from.</param>
/// <param name="HostLogBytes">How much the host logged during the run.</param>
/// <param name="HostRequests">How many requests the host answered, warm-up included.</param>
internal sealed record RunFacts(string Configuration, string HostDll, string HostVersion, long HostLogBytes, long HostRequests);

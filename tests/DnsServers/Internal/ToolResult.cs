namespace Solvers.Testing.DnsServers.Internal;

/// <summary>What a tool run by <see cref="Tool"/> printed, and its exit code.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public string Output => (StandardOutput + StandardError).Trim();
}

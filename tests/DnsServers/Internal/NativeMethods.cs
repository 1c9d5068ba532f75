using System.Runtime.InteropServices;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>libc calls .NET has no API for: sending SIGTERM (Process.Kill only sends SIGKILL).</summary>
internal static partial class NativeMethods
{
    internal const int SigTerm = 15;
    internal const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}

using System.Globalization;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>
/// Cleans up after test processes that died without disposing their tree (a crash, a kill on timeout): their server
/// processes are killed by the pid each recorded, and only when that pid's command line still names the tree's folder,
/// so an unrelated process that reused the pid is never touched. Folders are removed unless marked to keep.
/// </summary>
internal static class StaleTrees
{
    public const string OwnerFile = "owner.pid";
    public const string KeepFile = "keep";

    public static string TreesDirectory => Path.Combine(EndpointLocks.RootDirectory, "trees");

    public static void Reap()
    {
        if (!Directory.Exists(TreesDirectory))
        {
            return;
        }

        foreach (var tree in Directory.EnumerateDirectories(TreesDirectory))
        {
            try
            {
                ReapOne(tree);
            }
            catch (IOException)
            {
                // Another process reaps the same tree, or it is not ours to touch.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static void ReapOne(string tree)
    {
        var ownerPath = Path.Combine(tree, OwnerFile);
        if (!File.Exists(ownerPath))
        {
            return;
        }

        if (int.TryParse(File.ReadAllText(ownerPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
            && ProcessIds.IsAlive(owner))
        {
            return;
        }

        foreach (var pidFile in Directory.EnumerateFiles(tree, "server.pid", SearchOption.AllDirectories))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcessIds.CommandLine(pid) is { } commandLine
                && commandLine.Contains(tree, StringComparison.Ordinal))
            {
                ProcessIds.Signal(pid, NativeMethods.SigKill);
            }

            File.Delete(pidFile);
        }

        if (File.Exists(Path.Combine(tree, KeepFile)))
        {
            File.Delete(ownerPath);
        }
        else
        {
            Directory.Delete(tree, recursive: true);
        }
    }
}

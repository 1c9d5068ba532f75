using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>
/// Cross-process claims on (address, port) pairs: an exclusive flock on a file per endpoint under
/// <c>$TMPDIR/solvers-dns-test-tree/locks</c>. The kernel drops the lock when the owning process dies, so a crashed
/// test run never blocks the next one. A claim is then checked by binding, which finds servers that are not trees.
/// </summary>
internal sealed class EndpointLocks : IDisposable
{
    private readonly List<(FileStream Lock, string Path, bool Delete)> _locks = [];

    public static string RootDirectory { get; } = Path.Combine(Path.GetTempPath(), "solvers-dns-test-tree");

    private static string LockDirectory => Path.Combine(RootDirectory, "locks");

    /// <summary>Claims every endpoint or none (each with whether UDP must be free too); null on success.</summary>
    /// <remarks>
    /// Lock files of ports from 1024 up, mostly random ones, are deleted on release so they do not pile up; those of
    /// 53 and 953 stay, a small fixed set, because deleting a lock file that another process is opening is racy.
    /// </remarks>
    public ClaimFailure? TryClaimAll(IEnumerable<(IPEndPoint Endpoint, bool Udp)> endpoints)
    {
        var claimed = new List<(FileStream, string, bool)>();
        foreach (var (endpoint, udp) in endpoints)
        {
            var failure = TryClaim(endpoint, udp, out var fileLock, out var path);
            if (failure is not null)
            {
                claimed.ForEach(c => Release(c));
                return failure;
            }

            claimed.Add((fileLock!, path, endpoint.Port >= 1024));
        }

        _locks.AddRange(claimed);
        return null;
    }

    public void Dispose()
    {
        _locks.ForEach(Release);
        _locks.Clear();
    }

    /// <summary>Finds a port that is free for TCP (and UDP) on every given address.</summary>
    public static int FindFreePort(IReadOnlyList<IPAddress> addresses, bool udp)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            int port;
            using (var probe = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp))
            {
                probe.Bind(new IPEndPoint(addresses[0], 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            }

            if (addresses.All(a => BindError(new IPEndPoint(a, port), udp) is null))
            {
                return port;
            }
        }

        throw new DnsTestTreeException("Found no free loopback port in 50 attempts.");
    }

    public static string Format(IPEndPoint endpoint) => endpoint.AddressFamily == AddressFamily.InterNetworkV6
        ? $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
        : $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    private static void Release((FileStream Lock, string Path, bool Delete) claim)
    {
        try
        {
            File.Delete(claim.Path + ".owner");
            if (claim.Delete)
            {
                File.Delete(claim.Path);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        claim.Lock.Dispose();
    }

    private static ClaimFailure? TryClaim(IPEndPoint endpoint, bool udp, out FileStream? fileLock, out string path)
    {
        fileLock = null;
        EnsureSharedDirectory(RootDirectory);
        EnsureSharedDirectory(LockDirectory);
        var name = $"{endpoint.Address.ToString().Replace(':', '_')}-{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
        path = Path.Combine(LockDirectory, name + ".lock");
        try
        {
            fileLock = OpenLock(path);
        }
        catch (IOException)
        {
            return new ClaimFailure(endpoint, HeldByTree: true, PermissionDenied: false,
                $"{Format(endpoint)} is claimed by another DnsTestTree{ReadOwner(path)}");
        }

        var bindError = BindError(endpoint, udp);
        if (bindError is not null)
        {
            Release((fileLock, path, endpoint.Port >= 1024));
            fileLock = null;
            var port = endpoint.Port.ToString(CultureInfo.InvariantCulture);
            var denied = bindError.SocketErrorCode == SocketError.AccessDenied;
            return new ClaimFailure(endpoint, HeldByTree: false, denied, denied
                ? $"binding {Format(endpoint)} was denied: ports below 1024 need root (or CAP_NET_BIND_SERVICE); "
                    + "use DnsTestTreeAddressing.SharedLoopback or a Port of 1024 or more"
                : $"{Format(endpoint)} is in use by a process that is not a DnsTestTree ({bindError.SocketErrorCode}); "
                    + $"see `ss -lntup | grep ':{port} '`");
        }

        try
        {
            File.WriteAllText(path + ".owner", $"pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's stale note; it only feeds error messages.
        }

        return null;
    }

    /// <summary>Opens the lock file with an exclusive lock (FileShare.None is flock(2) LOCK_EX on Unix).</summary>
    private static FileStream OpenLock(string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            if (!OperatingSystem.IsWindows())
            {
                // Root and other users lock the same files: make them writable for all despite the umask.
                try
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead
                        | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            return stream;
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's file that stayed read-only for us: flock works on a read-only descriptor too.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
        }
    }

    private static string ReadOwner(string lockPath)
    {
        try
        {
            return $" ({File.ReadAllText(lockPath + ".owner").Trim()})";
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Null when TCP (and UDP) can bind the endpoint now; otherwise the socket error.</summary>
    private static SocketException? BindError(IPEndPoint endpoint, bool udp)
    {
        try
        {
            using (var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
            {
                // Like named and knotd, so that connections in TIME_WAIT from an earlier server do not count as a conflict.
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                tcp.Bind(endpoint);
                tcp.Listen(1);
            }

            if (udp)
            {
                using var datagram = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                datagram.Bind(endpoint);
            }

            return null;
        }
        catch (SocketException e)
        {
            return e;
        }
    }

    /// <summary>Creates a folder every user can add to (mode 1777, like /tmp).</summary>
    public static void EnsureSharedDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(path);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            // Root and non-root runs on one machine share the folder, as /tmp itself is shared (mode 1777).
            File.SetUnixFileMode(path, (UnixFileMode)0b1_111_111_111);
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

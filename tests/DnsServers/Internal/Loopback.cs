using System.Net;
using System.Net.NetworkInformation;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>
/// Puts the tree's 127.0.0.N addresses on <c>lo</c>. Linux routes all of 127/8 to lo, but named listens only on
/// addresses an interface carries. Added addresses stay (harmless, and the next tree reuses them).
/// </summary>
internal static class Loopback
{
    public static async Task EnsureAddressesAsync(IEnumerable<IPAddress> addresses, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var present = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            .ToHashSet();
        var missing = addresses.Where(a => !present.Contains(a)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new DnsTestTreeException(
                $"The loopback interface lacks {string.Join(", ", missing)}, and only root can add them. Run once as root: "
                + string.Join("; ", missing.Select(a => $"ip addr add {a}/32 dev lo"))
                + ", or use DnsTestTreeAddressing.SharedLoopback.");
        }

        var ip = Tool.Find("ip", "iproute2");
        foreach (var address in missing)
        {
            var result = await Tool.RunAsync(ip, ["addr", "add", $"{address}/32", "dev", "lo"], null, timeout, cancellationToken)
                .ConfigureAwait(false);
            // A concurrent tree may have added it in the meantime.
            if (!result.Succeeded && !result.Output.Contains("File exists", StringComparison.Ordinal))
            {
                throw new DnsTestTreeException($"ip addr add {address}/32 dev lo failed: {result.Output}");
            }
        }
    }
}

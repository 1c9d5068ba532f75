using System.Globalization;
using Solvers.SolverHost.FunctionalTests.Infrastructure;
using Solvers.Testing.DnsServers;

namespace Solvers.SolverHost.FunctionalTests.Providers;

/// <summary>The rfc2136 solver as cert-manager meets it: the shipped host, over HTTPS, with the TSIG secret in
/// <c>--secrets-dir</c>, writing to the BIND9 primary of a real test tree and waiting until both authoritative servers
/// serve the value.</summary>
public sealed class Rfc2136HostTests
{
    private const string Group = "acme.solvers.test";
    private const string Namespace = "cert-manager";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PresentAndCleanUp_ThroughTheHost_WriteToBindWaitForPropagationAndRemoveExactlyTheValue()
    {
        await using var tree = await DnsTestTree.StartAsync(new DnsTestTreeOptions { Ipv6 = false, QueryLog = true }, Ct);
        var secrets = Directory.CreateTempSubdirectory("solvers-secrets-");
        try
        {
            WriteSecret(secrets, "tsig-acme", "secret", tree.TsigKey.Secret + "\n");
            WriteSecret(secrets, "tsig-wrong", "secret", Convert.ToBase64String(new byte[32]));
            await using var host = await HostProcess.StartAsync(null, [$"--secrets-dir={secrets.FullName}", .. PropagationFlags(tree)]);
            using var client = host.CreateClient();
            var primary = tree.Primary[0];
            var fqdn = $"_acme-challenge.host-{Guid.NewGuid().ToString("N")[..10]}.{DnsTestTree.Zone}";
            const string value = "rfc2136-through-host-aaaaaaaaaaaaaaaaaaaaaa";
            var config = Config(primary.ToString(), tree.TsigKey.Name, "tsig-acme");
            var before = await tree.AxfrAsync(DnsTestServer.Primary, DnsTestTree.Zone, Ct);

            var present = await Payloads.SolveAsync(client, Group, "rfc2136", Payloads.Request("Present", fqdn, DnsTestTree.Zone, value, config, Namespace), Ct);
            var onPrimary = await DigTxtAsync(primary.Address.ToString(), primary.Port, fqdn);
            var onSecondary = await DigTxtAsync(tree.Secondary[0].Address.ToString(), tree.Secondary[0].Port, fqdn);
            var cleanUp = await Payloads.SolveAsync(client, Group, "rfc2136", Payloads.Request("CleanUp", fqdn, DnsTestTree.Zone, value, config, Namespace), Ct);
            var afterCleanUp = await DigTxtAsync(primary.Address.ToString(), primary.Port, fqdn);
            var after = await tree.AxfrAsync(DnsTestServer.Primary, DnsTestTree.Zone, Ct);
            var forged = await Payloads.SolveAsync(client, Group, "rfc2136",
                Payloads.Request("Present", fqdn, DnsTestTree.Zone, value, Config(primary.ToString(), tree.TsigKey.Name, "tsig-wrong"), Namespace), Ct);

            Assert.True(present.Success, present.Message);
            Assert.Equal($"\"{value}\"", onPrimary);
            if (tree.AuthoritativePort is not null)
            {
                // The host answered only once both servers served it, so the secondary has it without waiting.
                Assert.Equal($"\"{value}\"", onSecondary);
                Assert.Contains($"Propagated: solver rfc2136, fqdn {fqdn}", host.Output, StringComparison.Ordinal);

                // The wait used the payload's resolvedZone: the resolver was asked for the zone's nameservers, never about
                // the challenge name, so it holds no negative answer for it that a CA or cert-manager could be served.
                var resolverLog = tree.ReadLog(DnsTestServer.Resolver);
                Assert.Contains($"query: {DnsTestTree.Zone.TrimEnd('.')} IN NS", resolverLog, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(fqdn.TrimEnd('.'), resolverLog, StringComparison.OrdinalIgnoreCase);
            }

            Assert.True(cleanUp.Success, cleanUp.Message);
            Assert.Equal(string.Empty, afterCleanUp);
            Assert.Equal(before.Skip(1), after.Skip(1));

            Assert.False(forged.Success);
            Assert.Equal(
                $"rfc2136: {primary} found the TSIG signature of TSIG key {tree.TsigKey.Name} wrong (NOTAUTH, BADSIG) for the update of zone "
                + $"{DnsTestTree.Zone}; the secret in {Namespace}/tsig-wrong key secret or tsigAlgorithm (hmac-sha256) does not match the server's key",
                forged.Message);
            Assert.DoesNotContain(tree.TsigKey.Secret, host.Output, StringComparison.Ordinal);
        }
        finally
        {
            secrets.Delete(recursive: true);
        }
    }

    /// <summary>The tree's resolver and authoritative port, so the host's propagation wait really runs; as non-root the
    /// tree's servers share 127.0.0.1 on separate ports, which NS records cannot express, so the wait is skipped.</summary>
    private static string[] PropagationFlags(DnsTestTree tree) => tree.AuthoritativePort is { } port
        ?
        [
            "--propagation-skip-solvers=none",
            $"--dns01-recursive-nameservers={tree.Resolver[0]}",
            $"--propagation-authoritative-port={port.ToString(CultureInfo.InvariantCulture)}",
        ]
        : ["--propagation-skip-solvers=rfc2136"];

    private static string Config(string nameserver, string keyName, string secretName) =>
        $$$"""{"nameserver":"{{{nameserver}}}","tsigKeyName":"{{{keyName}}}","tsigAlgorithm":"HMACSHA256","tsigSecretSecretRef":{"name":"{{{secretName}}}","key":"secret"}}""";

    private static void WriteSecret(DirectoryInfo root, string name, string key, string value)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root.FullName, Namespace, name));
        File.WriteAllText(Path.Combine(folder.FullName, key), value);
    }

    private static async Task<string> DigTxtAsync(string server, int port, string fqdn)
    {
        var result = await Command.RunAsync("dig", [$"@{server}", "-p", port.ToString(CultureInfo.InvariantCulture), fqdn, "TXT", "+short", "+norec", "+tries=1", "+time=2"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Trim();
    }
}

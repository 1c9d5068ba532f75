using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Solvers.Testing.DnsServers;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>What every successful issuance must show, checked with tools independent of the host.</summary>
internal static class IssuanceAssert
{
    /// <summary>certbot succeeded, the certificate's SANs are exactly <paramref name="domains"/> (openssl), and it chains
    /// to the root of the Pebble that was asked (<c>openssl verify</c>).</summary>
    public static async Task IssuedAsync(EndToEndEnvironment environment, CertbotRun run, PebbleServer pebble, IReadOnlyList<string> domains, CancellationToken cancellationToken)
    {
        Assert.True(run.Result.Succeeded, environment.Diagnostics(run, pebble));
        Assert.True(File.Exists(run.CertificateFile), $"certbot reported success but wrote no {run.CertificateFile}");

        var names = await OpenSsl.SubjectAlternativeNamesAsync(run.CertificateFile, cancellationToken);
        Assert.Equal(domains.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));

        var roots = await EndToEndEnvironment.PebbleRootsFileAsync(pebble, run.Folder, cancellationToken);
        var verify = await OpenSsl.VerifyAsync(run.CertificateFile, run.ChainFile, roots, cancellationToken);
        Assert.True(verify.Succeeded && verify.Stdout.Contains(": OK", StringComparison.Ordinal), verify.ToString());
    }

    /// <summary>The hook presented one value per authorization (a wildcard's identifier without <c>*.</c>) and cleaned
    /// each up, every Present before the first CleanUp, so all values were in DNS together when Pebble looked.</summary>
    public static void EachNamePresentedThenCleanedUp(CertbotRun run, IReadOnlyList<string> domains)
    {
        var expected = domains.Select(d => d.StartsWith("*.", StringComparison.Ordinal) ? d[2..] : d).Order(StringComparer.Ordinal).ToList();
        var calls = run.HookCalls;
        Assert.All(calls, c => Assert.Equal(201, c.Status));
        Assert.Equal(expected, calls.Where(c => c.Action == "Present").Select(c => c.DnsName).Order(StringComparer.Ordinal));
        Assert.Equal(expected, calls.Where(c => c.Action == "CleanUp").Select(c => c.DnsName).Order(StringComparer.Ordinal));
        var lastPresent = calls.Select((c, i) => (c, i)).Last(x => x.c.Action == "Present").i;
        var firstCleanUp = calls.Select((c, i) => (c, i)).First(x => x.c.Action == "CleanUp").i;
        Assert.True(lastPresent < firstCleanUp, $"a CleanUp came before the last Present: {string.Join(", ", calls)}");
    }

    /// <summary>The zone without its SOA (whose serial every update moves), in a stable order.</summary>
    public static async Task<IReadOnlyList<ZoneRecord>> ZoneAsync(DnsTestTree tree, DnsTestServer server, CancellationToken cancellationToken) =>
        (await tree.AxfrAsync(server, DnsTestTree.Zone, cancellationToken))
            .Where(r => r.Type != "SOA")
            .OrderBy(r => r.ToString(), StringComparer.Ordinal)
            .ToList();

    /// <summary>After the issuance no challenge TXT is left in the zone, on the primary or the secondary (AXFR), and
    /// the zone is otherwise as it was before: nothing else was added or deleted.</summary>
    public static async Task ZoneAsBeforeAsync(DnsTestTree tree, IReadOnlyList<ZoneRecord> before, CancellationToken cancellationToken)
    {
        var primary = await ZoneAsync(tree, DnsTestServer.Primary, cancellationToken);
        Assert.DoesNotContain(primary, IsChallenge);
        Assert.Equal(before, primary);

        await tree.WaitForTransferAsync(cancellationToken);
        var secondary = await ZoneAsync(tree, DnsTestServer.Secondary, cancellationToken);
        Assert.DoesNotContain(secondary, IsChallenge);
        Assert.Equal(primary, secondary);
    }

    /// <summary>The embedded DNS server answers NXDOMAIN, without TXT, for every challenge name of the certificate.</summary>
    public static async Task NothingLeftOnEmbeddedAsync(IPEndPoint server, IReadOnlyList<string> domains, CancellationToken cancellationToken)
    {
        var lookup = new LookupClient(new LookupClientOptions(new NameServer(server))
        {
            UseCache = false,
            Recursion = false,
            Timeout = TimeSpan.FromSeconds(2),
            Retries = 1,
            ThrowDnsErrors = false,
        });
        foreach (var name in ChallengeNames(domains))
        {
            var response = await lookup.QueryAsync(name, QueryType.TXT, cancellationToken: cancellationToken);
            Assert.Empty(response.Answers.OfType<TxtRecord>());
            Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
        }
    }

    /// <summary>_acme-challenge names of the certificate's domains, each once.</summary>
    public static IEnumerable<string> ChallengeNames(IEnumerable<string> domains) =>
        domains.Select(d => d.StartsWith("*.", StringComparison.Ordinal) ? d[2..] : d).Distinct().Select(d => $"_acme-challenge.{d}.");

    private static bool IsChallenge(ZoneRecord record) =>
        record.Type == "TXT" && record.Name.StartsWith("_acme-challenge.", StringComparison.Ordinal);
}

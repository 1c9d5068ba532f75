using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using Solvers.Testing.DnsServers;
using LibraryDnsClient = ARSoft.Tools.Net.Dns.DnsClient;

namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>What the DNS library signs correctly, checked against BIND9 with one key per algorithm. HMAC-SHA384 is
/// refused by the config because ARSoft.Tools.Net 3.6.1 computes it over SHA-256; when a new version signs it
/// correctly, <see cref="SendUpdateAsync_SignedByTheLibrary_ServerVerdictPerAlgorithm"/> fails: then allow HMACSHA384 in ConfigRules.</summary>
[Collection(UpdateTreeGroup.Name)]
public sealed class LibraryTsigTests(UpdateTree shared)
{
    [Theory]
    [InlineData(TSigAlgorithm.Sha384, "hmac-sha384", ReturnCode.BadSig)]
    [InlineData(TSigAlgorithm.Sha512, "hmac-sha512", ReturnCode.NoError)]
    public async Task SendUpdateAsync_SignedByTheLibrary_ServerVerdictPerAlgorithm(TSigAlgorithm algorithm, string serverAlgorithm, ReturnCode expectedTsigError)
    {
        var tree = shared.Tree;
        var key = Assert.Single(tree.AlgorithmKeys, k => k.Algorithm == serverAlgorithm);
        var primary = tree.Primary[0];
        var message = new DnsUpdateMessage { ZoneName = DomainName.Parse(DnsTestTree.Zone) };
        message.Updates.Add(new DeleteRecordUpdate(new TxtRecord(DomainName.Parse(Rfc2136.UniqueName(DnsTestTree.Zone)), 0, "absent")));
        message.TSigOptions = new TSigRecord(
            DomainName.Parse(key.Name), algorithm, DateTime.UtcNow, TimeSpan.FromMinutes(5), message.TransactionID, ReturnCode.NoError, null,
            Convert.FromBase64String(key.Secret));
        using var client = new LibraryDnsClient([primary.Address], [new UdpClientTransport(primary.Port)], disposeTransport: true, queryTimeout: 5000);

        var response = await client.SendUpdateAsync(message, TestContext.Current.CancellationToken);

        Assert.NotNull(response);
        Assert.Equal(expectedTsigError == ReturnCode.NoError ? ReturnCode.NoError : ReturnCode.NotAuthoritive, response.ReturnCode);
        Assert.Equal(expectedTsigError, response.TSigOptions?.Error ?? ReturnCode.NoError);
    }
}

using Solvers.Abstractions;
using Solvers.Providers.Rfc2136.Internal;

namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>Answers the test servers never give: each message still names the server and the zone and says what to do.</summary>
public sealed class UpdateErrorsTests
{
    private static readonly UpdateErrors.Where Where = new(
        "192.0.2.53:53", Rfc2136Protocol.Udp, DnsName.Parse("example.com."), DnsName.Parse("_acme-challenge.example.com."), null, null, "cert-manager");

    [Theory]
    [InlineData(1, 0, "192.0.2.53:53 could not parse the update of zone example.com. (FORMERR)")]
    [InlineData(2, 0, "192.0.2.53:53 failed to apply the update of zone example.com. (SERVFAIL); the server's log says why")]
    [InlineData(4, 0, "192.0.2.53:53 does not implement dynamic updates (NOTIMP) for zone example.com.")]
    [InlineData(10, 0, "192.0.2.53:53 answered NOTZONE to the update of zone example.com.: _acme-challenge.example.com. is not in that zone there")]
    [InlineData(3, 0, "192.0.2.53:53 answered RCODE 3 to the update of zone example.com.")]
    [InlineData(9, 0, "192.0.2.53:53 rejected the update of zone example.com. (NOTAUTH): it does not serve the zone, or its update policy does not allow unsigned updates; nameserver must be the zone's primary server, and allow it in the server's configuration (BIND: allow-update or update-policy; Knot: an ACL with action update)")]
    public void FromAnswer_RareAnswers_NameServerZoneAndCause(int returnCode, int tsigError, string expected)
    {
        var answer = new UpdateAnswer(returnCode, tsigError, Signed: false, SignatureValid: false);

        Assert.Equal(expected, UpdateErrors.FromAnswer(Where, answer).Message);
    }

    [Fact]
    public void UnverifiedAnswer_SaysTheUpdateMayHaveBeenApplied()
    {
        var where = Where with { Key = new TsigKey(DnsName.Parse("acme-update."), Rfc2136TsigAlgorithm.HmacSha256, new byte[32]) };

        Assert.Equal(
            "the answer from 192.0.2.53:53 for zone example.com. is not signed with TSIG key acme-update., or its signature does not "
            + "verify; the update may have been applied, but the answer cannot be trusted",
            UpdateErrors.UnverifiedAnswer(where).Message);
    }
}

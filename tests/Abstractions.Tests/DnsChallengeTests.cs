using Solvers.Abstractions.Tests.TestDoubles;

namespace Solvers.Abstractions.Tests;

public sealed class DnsChallengeTests
{
    [Theory]
    [InlineData("_acme-challenge.www.example.com.", "example.com.", "_acme-challenge.www")]
    [InlineData("_acme-challenge.example.com.", "example.com.", "_acme-challenge")]
    [InlineData("example.com.", "example.com.", "@")]
    public void RelativeName_FqdnInZone_IsFqdnRelativeToZone(string fqdn, string zone, string expected)
    {
        var challenge = new DnsChallenge(DnsName.Parse(fqdn), DnsName.Parse(zone), "v", Context());

        Assert.Equal(expected, challenge.RelativeName);
    }

    [Fact]
    public void RelativeName_FqdnOutsideZone_Throws()
    {
        var challenge = new DnsChallenge(DnsName.Parse("_acme-challenge.example.org."), DnsName.Parse("example.com."), "v", Context());

        Assert.Throws<ArgumentException>(() => challenge.RelativeName);
    }

    private static ChallengeContext Context() => new(string.Empty, "default", false, new FakeSecretReader("default"));
}

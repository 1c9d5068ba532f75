using Solvers.Abstractions.Tests.TestDoubles;

namespace Solvers.Abstractions.Tests;

public sealed class ChallengeFactoryTests
{
    [Fact]
    public void Create_ResolvedFqdn_IsTheRecordName()
    {
        var challenge = ChallengeFactory.Create(Requests.Create(
            dnsName: "www.example.com", resolvedFqdn: "_acme-challenge.WWW.Example.com.", resolvedZone: "Example.com."));

        Assert.Equal("_acme-challenge.www.example.com.", challenge.Fqdn.Value);
        Assert.Equal("example.com.", challenge.Zone.Value);
        Assert.Equal("_acme-challenge.www", challenge.RelativeName);
    }

    [Fact]
    public void Create_ResolvedFqdnFromCname_WinsOverDnsName()
    {
        var challenge = ChallengeFactory.Create(Requests.Create(
            dnsName: "example.com", resolvedFqdn: "example.com.acme.example.net.", resolvedZone: "example.net."));

        Assert.Equal("example.com.acme.example.net.", challenge.Fqdn.Value);
        Assert.Equal("example.com.acme", challenge.RelativeName);
    }

    [Theory]
    [InlineData("www.example.com")]
    [InlineData("www.example.com.")]
    [InlineData("WWW.Example.COM")]
    public void Create_EmptyResolvedFqdn_FallsBackToAcmeChallengeOfDnsName(string dnsName)
    {
        var challenge = ChallengeFactory.Create(Requests.Create(dnsName: dnsName, resolvedFqdn: string.Empty));

        Assert.Equal("_acme-challenge.www.example.com.", challenge.Fqdn.Value);
        Assert.Equal("_acme-challenge.www", challenge.RelativeName);
    }

    [Fact]
    public void Create_FqdnAtZoneApex_RelativeNameIsAt()
    {
        var challenge = ChallengeFactory.Create(Requests.Create(
            resolvedFqdn: "_acme-challenge.example.com.", resolvedZone: "_acme-challenge.example.com."));

        Assert.Equal("@", challenge.RelativeName);
    }

    [Fact]
    public void Create_Request_CarriesValueAndContext()
    {
        var secrets = new FakeSecretReader();
        var request = Requests.Create(secrets: secrets);

        var challenge = ChallengeFactory.Create(request);

        Assert.Equal(Requests.Key, challenge.Value);
        Assert.Equal("uid-1", challenge.Context.Uid);
        Assert.Equal("cert-manager", challenge.Context.ResourceNamespace);
        Assert.True(challenge.Context.AllowAmbientCredentials);
        Assert.Same(secrets, challenge.Context.Secrets);
    }

    [Fact]
    public void Create_EmptyZone_FailsMentioningResolvedZone()
    {
        var ex = Assert.Throws<DnsProviderException>(() => ChallengeFactory.Create(Requests.Create(resolvedZone: string.Empty)));

        Assert.Contains("request.resolvedZone", ex.Message, StringComparison.Ordinal);
        Assert.Contains("_acme-challenge.example.com.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FqdnOutsideZone_FailsNamingBoth()
    {
        var ex = Assert.Throws<DnsProviderException>(() => ChallengeFactory.Create(Requests.Create(
            resolvedFqdn: "_acme-challenge.example.org.", resolvedZone: "example.com.")));

        Assert.Contains("_acme-challenge.example.org.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("example.com.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("request.resolvedFQDN", ex.Message, StringComparison.Ordinal);
        Assert.Contains("request.resolvedZone", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FqdnInSiblingSuffixZone_Fails()
    {
        var ex = Assert.Throws<DnsProviderException>(() => ChallengeFactory.Create(Requests.Create(
            resolvedFqdn: "_acme-challenge.badexample.com.", resolvedZone: "example.com.")));

        Assert.Contains("_acme-challenge.badexample.com.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InvalidResolvedFqdn_FailsNamingTheField()
    {
        var ex = Assert.Throws<DnsProviderException>(() => ChallengeFactory.Create(Requests.Create(resolvedFqdn: "_acme-challenge..example.com.")));

        Assert.StartsWith("request.resolvedFQDN is not a valid DNS name: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("empty label", ex.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(ex.InnerException);
    }

    [Fact]
    public void Create_InvalidResolvedZone_FailsNamingTheField()
    {
        var ex = Assert.Throws<DnsProviderException>(() => ChallengeFactory.Create(Requests.Create(resolvedZone: "exa mple.com.")));

        Assert.StartsWith("request.resolvedZone is not a valid DNS name: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InvalidDnsNameWithoutResolvedFqdn_FailsNamingDnsName()
    {
        var ex = Assert.Throws<DnsProviderException>(() => ChallengeFactory.Create(Requests.Create(dnsName: "bad name.example.com", resolvedFqdn: string.Empty)));

        Assert.StartsWith("request.dnsName is not a valid DNS name: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoFqdnAndNoDnsName_FailsNamingBothFields()
    {
        var ex = Assert.Throws<DnsProviderException>(() => ChallengeFactory.Create(Requests.Create(dnsName: string.Empty, resolvedFqdn: string.Empty)));

        Assert.Contains("request.resolvedFQDN", ex.Message, StringComparison.Ordinal);
        Assert.Contains("request.dnsName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EmptyKey_FailsMentioningKey()
    {
        var ex = Assert.Throws<DnsProviderException>(() => ChallengeFactory.Create(Requests.Create(key: string.Empty)));

        Assert.Contains("request.key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FallbackFqdnOutsideZone_FailsNamingTheFieldItCameFrom()
    {
        var ex = Assert.Throws<DnsProviderException>(() => ChallengeFactory.Create(Requests.Create(
            dnsName: "www.example.org", resolvedFqdn: string.Empty, resolvedZone: "example.com.")));

        // resolvedFQDN was empty: the name came from request.dnsName, so that is the field the user should look at.
        Assert.Contains("request.dnsName", ex.Message, StringComparison.Ordinal);
        Assert.Contains("_acme-challenge.www.example.org.", ex.Message, StringComparison.Ordinal);
    }
}

using System.Net;
using Solvers.Providers.Embedded.Internal;

namespace Solvers.Providers.Embedded.Tests;

/// <summary>Parsing and checking of the host options.</summary>
public sealed class EmbeddedDnsSettingsTests
{
    [Theory]
    [InlineData("127.0.0.1:8053", "127.0.0.1", 8053)]
    [InlineData("0.0.0.0:53", "0.0.0.0", 53)]
    [InlineData("[::1]:8053", "::1", 8053)]
    [InlineData("[::]:0", "::", 0)]
    [InlineData(" 127.0.0.1:65535 ", "127.0.0.1", 65535)]
    public void TryParseListen_IpAndPort_Parses(string value, string address, int port)
    {
        Assert.True(EmbeddedDnsSettings.TryParseListen(value, out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::1:53")]
    [InlineData("[::1]")]
    [InlineData("localhost:53")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:+53")]
    [InlineData("127.1:53")]
    [InlineData("127.0.0.1:")]
    public void TryParseListen_NotIpColonPort_Fails(string value)
    {
        Assert.False(EmbeddedDnsSettings.TryParseListen(value, out _));
    }

    [Fact]
    public void TryCreate_Defaults_ServesExampleTestWithNs1()
    {
        Assert.True(EmbeddedDnsSettings.TryCreate(new EmbeddedDnsOptions(), out var settings, out var errors), string.Join("; ", errors));

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8053), settings!.Listen);
        Assert.Equal(["example.test."], settings.Zones.Select(z => z.Value));
        Assert.Equal("ns1.example.test.", settings.NameServer.Value);
    }

    [Fact]
    public void TryCreate_CommaSeparatedEntries_SplitAndNormalised()
    {
        var options = new EmbeddedDnsOptions { Zones = ["A.test, b.test.", "c.test"], NameServer = "NS.Elsewhere.Test" };

        Assert.True(EmbeddedDnsSettings.TryCreate(options, out var settings, out var errors), string.Join("; ", errors));

        Assert.Equal(["a.test.", "b.test.", "c.test."], settings!.Zones.Select(z => z.Value));
        Assert.Equal("ns.elsewhere.test.", settings.NameServer.Value);
    }

    [Fact]
    public void TryCreate_DuplicateZone_FailsNamingIt()
    {
        var options = new EmbeddedDnsOptions { Zones = ["example.test.", "EXAMPLE.test"] };

        Assert.False(EmbeddedDnsSettings.TryCreate(options, out _, out var errors));

        var error = Assert.Single(errors);
        Assert.Contains("Solvers:Providers:Embedded:Zones", error, StringComparison.Ordinal);
        Assert.Contains("example.test. is listed more than once", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_RootZone_Fails()
    {
        var options = new EmbeddedDnsOptions { Zones = ["."] };

        Assert.False(EmbeddedDnsSettings.TryCreate(options, out _, out var errors));

        Assert.Contains("root zone", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_SeveralProblems_ReportsEach()
    {
        var options = new EmbeddedDnsOptions { Listen = "nowhere", Zones = ["ok.test", "bad..test"], NameServer = "bad..ns" };

        Assert.False(EmbeddedDnsSettings.TryCreate(options, out _, out var errors));

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Solvers:Providers:Embedded:Listen: \"nowhere\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Solvers:Providers:Embedded:Zones: \"bad..test\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Solvers:Providers:Embedded:NameServer:", StringComparison.Ordinal));
    }
}

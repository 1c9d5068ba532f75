using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace Solvers.Providers.Embedded.Tests;

/// <summary>What the embedded server answers on the wire, over real UDP and TCP.</summary>
public sealed class EmbeddedDnsServerTests
{
    private const string Name = "_acme-challenge.www.example.test.";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task QueryTxt_ThreeValues_AnswersAllInInsertionOrderWithAa(bool tcp)
    {
        await using var provider = await TestProvider.StartAsync();
        string[] values = ["value-b", "value-a", "value-c"];
        foreach (var value in values)
        {
            await provider.PresentAsync(TestProvider.Challenge(Name, value), TestProvider.Config(ttl: 77), TestContext.Current.CancellationToken);
        }

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), Name, QueryType.TXT, tcp);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        var txt = response.Answers.TxtRecords().ToList();
        Assert.Equal(values, txt.Select(r => string.Concat(r.Text)));
        Assert.All(txt, r => Assert.Equal(77, r.InitialTimeToLive));
        Assert.All(txt, r => Assert.Equal(Name, r.DomainName.Value));
    }

    [Fact]
    public async Task QueryTxt_FortyValues_TruncatedOverUdpAndCompleteOverTcp()
    {
        await using var provider = await TestProvider.StartAsync();
        var values = Enumerable.Range(0, 40).Select(i => $"{i:D2}-LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0").ToList();
        foreach (var value in values)
        {
            await provider.PresentAsync(TestProvider.Challenge(Name, value), TestProvider.Config(), TestContext.Current.CancellationToken);
        }

        var endPoint = TestProvider.EndPointOf(provider);
        var udpOnly = TestDns.Client(endPoint, tcpFallback: false);
        await Assert.ThrowsAsync<DnsResponseException>(
            () => udpOnly.QueryAsync(Name, QueryType.TXT, cancellationToken: TestContext.Current.CancellationToken));

        var response = await TestDns.QueryAsync(endPoint, Name, QueryType.TXT);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.False(response.Header.ResultTruncated);
        Assert.Equal(values, response.Answers.TxtRecords().Select(r => string.Concat(r.Text)));
    }

    [Theory]
    [InlineData(256, false)]
    [InlineData(256, true)]
    [InlineData(700, false)]
    [InlineData(700, true)]
    public async Task QueryTxt_ValueOver255Bytes_SplitIntoStringsThatJoinToTheValue(int length, bool tcp)
    {
        await using var provider = await TestProvider.StartAsync();
        var value = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));
        await provider.PresentAsync(TestProvider.Challenge(Name, value), TestProvider.Config(), TestContext.Current.CancellationToken);

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), Name, QueryType.TXT, tcp);

        var txt = Assert.Single(response.Answers.TxtRecords());
        Assert.Equal(value, string.Concat(txt.Text));
        Assert.Equal((length + 254) / 255, txt.Text.Count);
        Assert.All(txt.Text, part => Assert.InRange(part.Length, 1, 255));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task QueryOtherType_NameHasTxt_NoDataWithSoa(bool tcp)
    {
        await using var provider = await TestProvider.StartAsync();
        await provider.PresentAsync(TestProvider.Challenge(Name, "v"), TestProvider.Config(), TestContext.Current.CancellationToken);

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), Name, QueryType.A, tcp);

        AssertNegative(response, DnsHeaderResponseCode.NoError);
    }

    [Fact]
    public async Task QueryTxt_EmptyNonTerminal_NoDataWithSoa()
    {
        await using var provider = await TestProvider.StartAsync();
        await provider.PresentAsync(TestProvider.Challenge(Name, "v"), TestProvider.Config(), TestContext.Current.CancellationToken);

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), "www.example.test.", QueryType.TXT);

        AssertNegative(response, DnsHeaderResponseCode.NoError);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task QueryTxt_NameDoesNotExist_NxDomainWithSoa(bool tcp)
    {
        await using var provider = await TestProvider.StartAsync();
        await provider.PresentAsync(TestProvider.Challenge(Name, "v"), TestProvider.Config(), TestContext.Current.CancellationToken);

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), "_acme-challenge.other.example.test.", QueryType.TXT, tcp);

        AssertNegative(response, DnsHeaderResponseCode.NotExistentDomain);
    }

    [Fact]
    public async Task QueryTxt_LastValueCleanedUp_NxDomainAgain()
    {
        await using var provider = await TestProvider.StartAsync();
        var challenge = TestProvider.Challenge(Name, "v");
        await provider.PresentAsync(challenge, TestProvider.Config(), TestContext.Current.CancellationToken);
        await provider.CleanUpAsync(challenge, TestProvider.Config(), TestContext.Current.CancellationToken);

        var endPoint = TestProvider.EndPointOf(provider);
        AssertNegative(await TestDns.QueryAsync(endPoint, Name, QueryType.TXT), DnsHeaderResponseCode.NotExistentDomain);
        AssertNegative(await TestDns.QueryAsync(endPoint, "www.example.test.", QueryType.TXT), DnsHeaderResponseCode.NotExistentDomain);
    }

    [Theory]
    [InlineData("example.org.", false)]
    [InlineData("example.org.", true)]
    [InlineData("test.", false)]
    [InlineData("notexample.test.", false)]
    public async Task Query_OutsideServedZones_RefusedWithoutAa(string name, bool tcp)
    {
        await using var provider = await TestProvider.StartAsync();

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), name, QueryType.TXT, tcp);

        Assert.Equal(DnsHeaderResponseCode.Refused, response.Header.ResponseCode);
        Assert.False(response.Header.HasAuthorityAnswer);
        Assert.Empty(response.Answers);
        Assert.Empty(response.Authorities);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task QuerySoa_Apex_AnswersSoaWithAa(bool tcp)
    {
        await using var provider = await TestProvider.StartAsync();

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), TestProvider.Zone, QueryType.SOA, tcp);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        var soa = Assert.Single(response.Answers.SoaRecords());
        Assert.Equal(TestProvider.Zone, soa.DomainName.Value);
        Assert.Equal("ns1.example.test.", soa.MName.Value);
        Assert.Equal("hostmaster.example.test.", soa.RName.Value);
        Assert.Equal(60u, soa.Minimum);
    }

    [Fact]
    public async Task QueryNs_Apex_AnswersNameServerWithGlue()
    {
        await using var provider = await TestProvider.StartAsync();

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), TestProvider.Zone, QueryType.NS);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        var ns = Assert.Single(response.Answers.NsRecords());
        Assert.Equal("ns1.example.test.", ns.NSDName.Value);
        var glue = Assert.Single(response.Additionals.ARecords());
        Assert.Equal(IPAddress.Loopback, glue.Address);
    }

    [Fact]
    public async Task QueryA_InZoneNameServer_AnswersListenAddress()
    {
        await using var provider = await TestProvider.StartAsync();
        var endPoint = TestProvider.EndPointOf(provider);

        var a = await TestDns.QueryAsync(endPoint, "ns1.example.test.", QueryType.A);
        var aaaa = await TestDns.QueryAsync(endPoint, "ns1.example.test.", QueryType.AAAA);

        Assert.True(a.Header.HasAuthorityAnswer);
        Assert.Equal(IPAddress.Loopback, Assert.Single(a.Answers.ARecords()).Address);
        AssertNegative(aaaa, DnsHeaderResponseCode.NoError);
    }

    [Fact]
    public async Task QueryAaaa_Ipv6Listen_AnswersListenAddressOverUdpAndTcp()
    {
        Assert.SkipUnless(Ipv6LoopbackWorks(), "IPv6 loopback is not available here");
        await using var provider = await TestProvider.StartAsync(o => o.Listen = "[::1]:0");
        var endPoint = TestProvider.EndPointOf(provider);

        var udp = await TestDns.QueryAsync(endPoint, "ns1.example.test.", QueryType.AAAA);
        var tcp = await TestDns.QueryAsync(endPoint, "ns1.example.test.", QueryType.AAAA, tcp: true);
        var a = await TestDns.QueryAsync(endPoint, "ns1.example.test.", QueryType.A);

        Assert.Equal(IPAddress.IPv6Loopback, endPoint.Address);
        Assert.Equal(IPAddress.IPv6Loopback, Assert.Single(udp.Answers.AaaaRecords()).Address);
        Assert.Equal(IPAddress.IPv6Loopback, Assert.Single(tcp.Answers.AaaaRecords()).Address);
        AssertNegative(a, DnsHeaderResponseCode.NoError);
    }

    [Fact]
    public async Task QueryA_NameServerOutsideZones_NotAnswered()
    {
        await using var provider = await TestProvider.StartAsync(o => o.NameServer = "ns.elsewhere.invalid.");
        var endPoint = TestProvider.EndPointOf(provider);

        var soa = await TestDns.QueryAsync(endPoint, TestProvider.Zone, QueryType.SOA);
        var a = await TestDns.QueryAsync(endPoint, "ns.elsewhere.invalid.", QueryType.A);

        Assert.Equal("ns.elsewhere.invalid.", Assert.Single(soa.Answers.SoaRecords()).MName.Value);
        Assert.Equal(DnsHeaderResponseCode.Refused, a.Header.ResponseCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task QueryTxt_MixedCase_MatchesAndEchoesQuestionCase(bool tcp)
    {
        await using var provider = await TestProvider.StartAsync();
        await provider.PresentAsync(TestProvider.Challenge(Name, "v"), TestProvider.Config(), TestContext.Current.CancellationToken);
        const string Asked = "_ACME-Challenge.WWW.Example.TEST.";

        var response = await TestDns.QueryAsync(TestProvider.EndPointOf(provider), Asked, QueryType.TXT, tcp);

        Assert.True(response.Header.HasAuthorityAnswer);
        var txt = Assert.Single(response.Answers.TxtRecords());
        Assert.Equal("v", string.Concat(txt.Text));
        Assert.Equal(Asked, txt.DomainName.Original);
    }

    [Fact]
    public async Task QuerySoa_AfterChanges_SerialGrowsOnlyOnChange()
    {
        await using var provider = await TestProvider.StartAsync();
        var endPoint = TestProvider.EndPointOf(provider);
        var challenge = TestProvider.Challenge(Name, "v");
        var ct = TestContext.Current.CancellationToken;

        var before = await SerialAsync(endPoint);
        await provider.PresentAsync(challenge, TestProvider.Config(), ct);
        var afterPresent = await SerialAsync(endPoint);
        await provider.PresentAsync(challenge, TestProvider.Config(), ct);
        var afterRepeat = await SerialAsync(endPoint);
        await provider.CleanUpAsync(challenge, TestProvider.Config(), ct);
        var afterCleanUp = await SerialAsync(endPoint);

        Assert.True(afterPresent > before, $"{afterPresent} > {before}");
        Assert.Equal(afterPresent, afterRepeat);
        Assert.True(afterCleanUp > afterPresent, $"{afterCleanUp} > {afterPresent}");
    }

    [Theory]
    [InlineData(4)] // NOTIFY
    [InlineData(2)] // STATUS
    [InlineData(5)] // UPDATE
    public async Task Query_OtherOpcode_NotImplemented(int opcode)
    {
        await using var provider = await TestProvider.StartAsync();

        var response = await TestDns.SendUdpAsync(TestProvider.EndPointOf(provider), TestDns.RawQuery(opcode, TestProvider.Zone));

        Assert.Equal(0x1234, TestDns.IdOf(response));
        Assert.Equal(opcode, TestDns.OpcodeOf(response));
        Assert.Equal(4, TestDns.ReturnCodeOf(response)); // NOTIMP
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task Query_NotExactlyOneQuestion_FormErr(int questions)
    {
        await using var provider = await TestProvider.StartAsync();
        var names = Enumerable.Repeat(TestProvider.Zone, questions).ToArray();

        var response = await TestDns.SendUdpAsync(TestProvider.EndPointOf(provider), TestDns.RawQuery(0, names));

        Assert.Equal(1, TestDns.ReturnCodeOf(response)); // FORMERR
        Assert.False(TestDns.IsAuthoritative(response));
    }

    [Fact]
    public async Task QueryTxt_DuringConcurrentWrites_NeverFails()
    {
        await using var provider = await TestProvider.StartAsync();
        var endPoint = TestProvider.EndPointOf(provider);
        var ct = TestContext.Current.CancellationToken;
        var client = TestDns.Client(endPoint);

        var writes = Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var challenge = TestProvider.Challenge(Name, $"value-{i}");
            await provider.PresentAsync(challenge, TestProvider.Config(), ct);
            await provider.CleanUpAsync(challenge, TestProvider.Config(), ct);
        }, ct)));
        var reads = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.QueryAsync(Name, QueryType.TXT, cancellationToken: ct)));
        await writes;

        Assert.All(reads, r => Assert.Contains(r.Header.ResponseCode, new[] { DnsHeaderResponseCode.NoError, DnsHeaderResponseCode.NotExistentDomain }));
        AssertNegative(await client.QueryAsync(Name, QueryType.TXT, cancellationToken: ct), DnsHeaderResponseCode.NotExistentDomain);
    }

    private static bool Ipv6LoopbackWorks()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<uint> SerialAsync(IPEndPoint endPoint)
    {
        var response = await TestDns.QueryAsync(endPoint, TestProvider.Zone, QueryType.SOA);
        return Assert.Single(response.Answers.SoaRecords()).Serial;
    }

    private static void AssertNegative(IDnsQueryResponse response, DnsHeaderResponseCode expected)
    {
        Assert.Equal(expected, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        Assert.Empty(response.Answers);
        var soa = Assert.Single(response.Authorities.SoaRecords());
        Assert.Equal(TestProvider.Zone, soa.DomainName.Value);
        Assert.Equal(60, soa.InitialTimeToLive); // RFC 2308: min(SOA TTL, minimum)
    }
}

using System.Text.Json;
using Solvers.Abstractions;

namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>The config as the host binds it: cert-manager's rfc2136 block unchanged, strict, errors with JSON paths.</summary>
public sealed class Rfc2136ConfigTests
{
    [Fact]
    public void Bind_CertManagerBlock_TakesEveryField()
    {
        var config = Bind("""
            {"nameserver":"192.0.2.53:5353","tsigKeyName":"acme-update","tsigAlgorithm":"HMACSHA256",
             "tsigSecretSecretRef":{"name":"tsig","key":"secret"},"protocol":"TCP"}
            """);

        Assert.Equal("192.0.2.53:5353", config.Nameserver);
        Assert.Equal("acme-update", config.TsigKeyName);
        Assert.Equal(Rfc2136TsigAlgorithm.HmacSha256, config.TsigAlgorithm);
        Assert.Equal(new SecretKeyRef { Name = "tsig", Key = "secret" }, config.TsigSecretSecretRef);
        Assert.Equal(Rfc2136Protocol.Tcp, config.Protocol);
        Assert.Equal(60, config.Ttl);
        Assert.Equal(10, config.TimeoutSeconds);
    }

    [Fact]
    public void Bind_OnlyNameserver_CertManagerDefaults()
    {
        var config = Bind("""{"nameserver":"192.0.2.53"}""");

        Assert.Null(config.TsigKeyName);
        Assert.Null(config.TsigSecretSecretRef);
        Assert.Equal(Rfc2136TsigAlgorithm.HmacMd5, config.TsigAlgorithm);
        Assert.Equal(Rfc2136Protocol.Udp, config.Protocol);
    }

    [Theory]
    [InlineData("HMACMD5", Rfc2136TsigAlgorithm.HmacMd5)]
    [InlineData("hmacsha1", Rfc2136TsigAlgorithm.HmacSha1)]
    [InlineData("HmacSha256", Rfc2136TsigAlgorithm.HmacSha256)]
    [InlineData("HMACSHA512", Rfc2136TsigAlgorithm.HmacSha512)]
    public void Bind_AlgorithmInAnyCase_Parsed(string json, Rfc2136TsigAlgorithm expected) =>
        Assert.Equal(expected, Bind($$"""{"nameserver":"192.0.2.53","tsigAlgorithm":"{{json}}"}""").TsigAlgorithm);

    [Theory]
    [InlineData("""{}""", "invalid webhook.config: $.nameserver: value is required")]
    [InlineData("""{"nameserver":"192.0.2.53","tsigKeyName":"k"}""",
        "invalid webhook.config at $.tsigSecretSecretRef: value is required when tsigKeyName is set: the Secret key holding the TSIG secret")]
    [InlineData("""{"nameserver":"192.0.2.53","tsigSecretSecretRef":{"name":"n","key":"k"}}""",
        "invalid webhook.config at $.tsigKeyName: value is required when tsigSecretSecretRef is set: the TSIG key's name as the server knows it")]
    [InlineData("""{"nameserver":"192.0.2.53","tsigKeyName":"k","tsigSecretSecretRef":{"name":"n"}}""",
        "invalid webhook.config: $.tsigSecretSecretRef.key: value is required")]
    [InlineData("""{"nameserver":"192.0.2.53","tsigKeyName":"bad name","tsigSecretSecretRef":{"name":"n","key":"k"}}""",
        "invalid webhook.config at $.tsigKeyName: \"bad name\" is not a valid key name (a DNS name such as acme-update.)")]
    [InlineData("""{"nameserver":"192.0.2.53","tsigAlgorithm":"HMACSHA999"}""",
        "invalid webhook.config at $.tsigAlgorithm: expected one of HmacMd5, HmacSha1, HmacSha256, HmacSha384, HmacSha512")]
    [InlineData("""{"nameserver":"192.0.2.53","tsigAlgorithm":"HMACSHA384"}""",
        "invalid webhook.config at $.tsigAlgorithm: HMACSHA384 is not supported yet (the DNS library signs it wrongly, so servers would answer BADSIG); use a key with HMACSHA256 or HMACSHA512")]
    [InlineData("""{"nameserver":"192.0.2.53","protocol":"QUIC"}""", "invalid webhook.config at $.protocol: expected one of Udp, Tcp")]
    [InlineData("""{"nameserver":"192.0.2.53","ttl":0}""", "invalid webhook.config at $.ttl: ")]
    [InlineData("""{"nameserver":"192.0.2.53","timeoutSeconds":31}""", "invalid webhook.config at $.timeoutSeconds: ")]
    [InlineData("""{"nameserver":"192.0.2.53","tsigSecret":"c2VjcmV0"}""", "invalid webhook.config at $.tsigSecret: unknown field")]
    [InlineData("""{"nameserver":"192.0.2.53:99999"}""", "invalid webhook.config at $.nameserver: \"99999\" in \"192.0.2.53:99999\" is not a port from 1 to 65535")]
    [InlineData("""{"nameserver":"2001:db8::zz"}""", "invalid webhook.config at $.nameserver: \"2001:db8::zz\" is not an IPv6 address; write [IPv6]:port to give a port")]
    [InlineData("""{"nameserver":"[192.0.2.53]:53"}""", "invalid webhook.config at $.nameserver: \"192.0.2.53\" in brackets is not an IPv6 address")]
    [InlineData("""{"nameserver":"192.0.2:53"}""", "invalid webhook.config at $.nameserver: \"192.0.2\" is not an IP address")]
    [InlineData("""{"nameserver":"ns_1.example.com"}""", "invalid webhook.config at $.nameserver: \"ns_1.example.com\" is neither an IP address nor a host name")]
    [InlineData("""{"nameserver":":53"}""", "invalid webhook.config at $.nameserver: \":53\" has no host before the port")]
    [InlineData("""{"nameserver":"  "}""", "invalid webhook.config at $.nameserver: value is required")]
    public void Bind_Invalid_FailsWithThePath(string json, string expectedStart)
    {
        var e = Assert.Throws<InvalidSolverConfigException>(() => Bind(json));

        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53", 53, "192.0.2.53:53")]
    [InlineData("192.0.2.53:", "192.0.2.53", 53, "192.0.2.53:53")]
    [InlineData(" 192.0.2.53:5353 ", "192.0.2.53", 5353, "192.0.2.53:5353")]
    [InlineData("[2001:db8::53]:5353", "2001:db8::53", 5353, "[2001:db8::53]:5353")]
    [InlineData("[2001:db8::53]", "2001:db8::53", 53, "[2001:db8::53]:53")]
    [InlineData("2001:db8::53", "2001:db8::53", 53, "[2001:db8::53]:53")]
    [InlineData("ns1.example.com:5353", "ns1.example.com", 5353, "ns1.example.com:5353")]
    [InlineData("bind.dns.svc", "bind.dns.svc", 53, "bind.dns.svc:53")]
    public void Nameserver_ValidForms_Parsed(string value, string host, int port, string display)
    {
        Assert.True(Internal.NameserverAddress.TryParse(value, out var parsed, out var error), error);

        Assert.Equal(host, parsed!.Host);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(display, parsed.ToString());
        Assert.Equal(char.IsAsciiDigit(host[^1]) || host.Contains(':', StringComparison.Ordinal), parsed.Address is not null);
    }

    [Fact]
    public async Task PresentAsync_ConfigBuiltInCodeWithoutKeyName_FailsBeforeSending()
    {
        var config = new Rfc2136Config { Nameserver = "127.0.0.1:9", TsigSecretSecretRef = new SecretKeyRef { Name = "n", Key = "k" } };
        var challenge = Rfc2136.Challenge("_acme-challenge.example.test.", "v", "example.test.", new TestSecrets());

        var e = await Assert.ThrowsAsync<InvalidSolverConfigException>(
            () => new Rfc2136DnsProvider().PresentAsync(challenge, config, TestContext.Current.CancellationToken));

        Assert.Equal(
            "invalid webhook.config at $.tsigKeyName: value is required when tsigSecretSecretRef is set: the TSIG key's name as the server knows it",
            e.Message);
    }

    [Theory]
    [InlineData("", "secret cert-manager/tsig key secret is empty; it must hold the TSIG key's base64 secret")]
    [InlineData("not base64!", "secret cert-manager/tsig key secret is not base64; it must hold the TSIG key's secret as in the server's key file (the secret \"...\" of a BIND key)")]
    public async Task PresentAsync_SecretNotBase64_SaysWhichSecretWithoutItsValue(string stored, string expected)
    {
        var config = new Rfc2136Config
        {
            Nameserver = "127.0.0.1:9",
            TsigKeyName = "k",
            TsigSecretSecretRef = new SecretKeyRef { Name = "tsig", Key = "secret" },
        };
        var secrets = new TestSecrets().With("tsig", "secret", stored);
        var challenge = Rfc2136.Challenge("_acme-challenge.example.test.", "v", "example.test.", secrets);

        var e = await Assert.ThrowsAsync<DnsProviderException>(
            () => new Rfc2136DnsProvider().PresentAsync(challenge, config, TestContext.Current.CancellationToken));

        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public async Task PresentAsync_SecretMissing_NamesIt()
    {
        var config = new Rfc2136Config
        {
            Nameserver = "127.0.0.1:9",
            TsigKeyName = "k",
            TsigSecretSecretRef = new SecretKeyRef { Name = "tsig", Key = "secret" },
        };
        var challenge = Rfc2136.Challenge("_acme-challenge.example.test.", "v", "example.test.", new TestSecrets());

        var e = await Assert.ThrowsAsync<SecretNotFoundException>(
            () => new Rfc2136DnsProvider().PresentAsync(challenge, config, TestContext.Current.CancellationToken));

        Assert.Equal("secret cert-manager/tsig key secret: not found", e.Message);
    }

    private static Rfc2136Config Bind(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SolverConfigBinder.Bind<Rfc2136Config>(document.RootElement);
    }
}

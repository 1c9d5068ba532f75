using System.Buffers;
using System.Text;
using System.Text.Json;
using Solvers.SolverHost.Api;

namespace Solvers.SolverHost.Tests.Api;

public sealed class ChallengePayloadWriterTests
{
    private static readonly ChallengeRequest _certManagerRequest = new()
    {
        Uid = string.Empty,
        Action = "Present",
        Type = "dns-01",
        DnsName = "example.com",
        Key = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0",
        ResourceNamespace = "cert-manager",
        ResolvedFqdn = "_acme-challenge.example.com.",
        ResolvedZone = "example.com.",
        AllowAmbientCredentials = true,
        Config = Json("""{"apiTokenSecretRef":{"key":"token","name":"my-dns-secret"}}"""),
    };

    [Fact]
    public void Write_Success_MatchesTheGoServerByteForByte()
    {
        // cert-manager-contract.md §1.5, plus the newline Go's json.Encoder appends.
        const string expected =
            """{"kind":"ChallengePayload","apiVersion":"webhook.acme.cert-manager.io/v1alpha1","request":{"uid":"","action":"Present","type":"dns-01","dnsName":"example.com","key":"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0","resourceNamespace":"cert-manager","resolvedFQDN":"_acme-challenge.example.com.","resolvedZone":"example.com.","allowAmbientCredentials":true,"config":{"apiTokenSecretRef":{"key":"token","name":"my-dns-secret"}}},"response":{"uid":"","success":true}}""" + "\n";

        Assert.Equal(expected, Write(_certManagerRequest, ChallengeResponse.Succeeded(string.Empty)));
    }

    [Fact]
    public void Write_Failure_CarriesAGoStatusWithMessage()
    {
        const string expected =
            """{"kind":"ChallengePayload","apiVersion":"webhook.acme.cert-manager.io/v1alpha1","request":{"uid":"","action":"Present","type":"dns-01","dnsName":"example.com","key":"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0","resourceNamespace":"cert-manager","resolvedFQDN":"_acme-challenge.example.com.","resolvedZone":"example.com.","allowAmbientCredentials":true,"config":{"apiTokenSecretRef":{"key":"token","name":"my-dns-secret"}}},"response":{"uid":"","success":false,"status":{"metadata":{},"status":"Failed","message":"cloudflare: failed to create TXT record: 403 Forbidden"}}}""" + "\n";

        var actual = Write(_certManagerRequest, ChallengeResponse.Failed(string.Empty, "cloudflare: failed to create TXT record: 403 Forbidden"));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Write_EmptyResolvedNamesAndNoConfig_OmitsThemLikeGoOmitempty()
    {
        var request = new ChallengeRequest { Uid = "u1", Action = "CleanUp", Type = "dns-01", DnsName = "example.com", Key = "k", ResourceNamespace = "default" };

        var actual = Write(request, ChallengeResponse.Succeeded("u1"));

        Assert.Equal(
            """{"kind":"ChallengePayload","apiVersion":"webhook.acme.cert-manager.io/v1alpha1","request":{"uid":"u1","action":"CleanUp","type":"dns-01","dnsName":"example.com","key":"k","resourceNamespace":"default","allowAmbientCredentials":false},"response":{"uid":"u1","success":true}}""" + "\n",
            actual);
    }

    [Fact]
    public void Write_EmptyRequiredStrings_AreStillWritten()
    {
        var actual = Write(new ChallengeRequest(), ChallengeResponse.Succeeded(string.Empty));

        Assert.Contains("""
            "request":{"uid":"","action":"","type":"","dnsName":"","key":"","resourceNamespace":"","allowAmbientCredentials":false}
            """, actual, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""[]""")]
    [InlineData("""{"n":1.50,"e":1e3,"s":"x"}""")]
    public void Write_Config_IsEchoedAsReceived(string config)
    {
        var actual = Write(new ChallengeRequest { Config = Json(config) }, ChallengeResponse.Succeeded(string.Empty));

        Assert.Contains($"\"allowAmbientCredentials\":false,\"config\":{config}}},\"response\"", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HtmlSensitiveCharacters_AreEscapedLikeGo()
    {
        var actual = Write(
            new ChallengeRequest { DnsName = "<a>&b" },
            ChallengeResponse.Failed(string.Empty, "x: <script>&</script>"));

        Assert.Contains("\"dnsName\":\"\\u003ca\\u003e\\u0026b\"", actual, StringComparison.Ordinal);
        Assert.Contains("\"message\":\"x: \\u003cscript\\u003e\\u0026\\u003c/script\\u003e\"", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HtmlSensitiveCharactersInConfig_AreEscapedLikeGo()
    {
        var actual = Write(new ChallengeRequest { Config = Json("""{"v":"a<b"}""") }, ChallengeResponse.Succeeded(string.Empty));

        Assert.Contains("\"config\":{\"v\":\"a\\u003cb\"}", actual, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("can't", "can't")]
    [InlineData("a+b", "a+b")]
    [InlineData("zone été", "zone été")]
    [InlineData("quote \" backslash \\", "quote \\\" backslash \\\\")]
    [InlineData("line\nbreak\ttab", "line\\nbreak\\ttab")]
    [InlineData("\u2028", "\\u2028")]
    [InlineData("\u0001\u001f", "\\u0001\\u001f")]
    [InlineData("\b\f", "\\b\\f")] // Go 1.22 and later write the short escapes
    public void Write_OtherCharactersInMessage_AreWrittenLikeGo(string message, string expected)
    {
        var actual = Write(new ChallengeRequest(), ChallengeResponse.Failed(string.Empty, message));

        Assert.Contains($"\"message\":\"{expected}\"", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Output_IsValidJsonThatRoundTrips()
    {
        var actual = Write(_certManagerRequest, ChallengeResponse.Failed("u", "m"));

        using var document = JsonDocument.Parse(actual);
        Assert.Equal("m", document.RootElement.GetProperty("response").GetProperty("status").GetProperty("message").GetString());
        Assert.False(document.RootElement.GetProperty("response").GetProperty("success").GetBoolean());
    }

    private static string Write(ChallengeRequest request, ChallengeResponse response)
    {
        var output = new ArrayBufferWriter<byte>();
        ChallengePayloadWriter.Write(output, request, response);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

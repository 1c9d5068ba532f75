using System.Text;
using Solvers.SolverHost.Api;
using static Solvers.SolverHost.Api.ChallengePayloadReader;

namespace Solvers.SolverHost.Tests.Api;

public sealed class ChallengePayloadReaderTests
{
    // Exactly what cert-manager sends (contract §1.4): no apiVersion or kind.
    private const string CertManagerBody =
        """{"request":{"uid":"","action":"Present","type":"dns-01","dnsName":"example.com","key":"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0","resourceNamespace":"cert-manager","resolvedFQDN":"_acme-challenge.example.com.","resolvedZone":"example.com.","allowAmbientCredentials":true,"config":{"apiTokenSecretRef":{"key":"token","name":"my-dns-secret"}}}}""" + "\n";

    [Fact]
    public void Read_CertManagerBodyWithoutApiVersion_ReadsEveryField()
    {
        var result = Read(CertManagerBody);

        Assert.Null(result.Error);
        Assert.Empty(result.Warnings);
        var request = Assert.IsType<ChallengeRequest>(result.Request);
        Assert.Equal(string.Empty, request.Uid);
        Assert.Equal("Present", request.Action);
        Assert.Equal("dns-01", request.Type);
        Assert.Equal("example.com", request.DnsName);
        Assert.Equal("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0", request.Key);
        Assert.Equal("cert-manager", request.ResourceNamespace);
        Assert.Equal("_acme-challenge.example.com.", request.ResolvedFqdn);
        Assert.Equal("example.com.", request.ResolvedZone);
        Assert.True(request.AllowAmbientCredentials);
        Assert.Equal("""{"apiTokenSecretRef":{"key":"token","name":"my-dns-secret"}}""", request.Config?.GetRawText());
    }

    [Fact]
    public void Read_MatchingApiVersionAndKind_Succeeds()
    {
        var result = Read("""{"kind":"ChallengePayload","apiVersion":"webhook.acme.cert-manager.io/v1alpha1","request":{"action":"CleanUp"}}""");

        Assert.Null(result.Error);
        Assert.Equal("CleanUp", result.Request?.Action);
    }

    [Theory]
    [InlineData("""{"apiVersion":"","kind":"","request":{}}""")]
    [InlineData("""{"apiVersion":null,"kind":null,"request":{}}""")]
    public void Read_EmptyOrNullTypeMeta_IsDefaulted(string body)
    {
        Assert.Null(Read(body).Error);
    }

    [Theory]
    [InlineData("acme.example.com/v1alpha1")]
    [InlineData("webhook.acme.cert-manager.io/v1")]
    [InlineData("v1")]
    public void Read_OtherApiVersion_Fails400WithTheGoMessage(string apiVersion)
    {
        var result = Read($$$"""{"apiVersion":"{{{apiVersion}}}","request":{}}""");

        var error = AssertBadRequest(result);
        Assert.Equal(
            $"the API version in the data ({apiVersion}) does not match the expected API version (webhook.acme.cert-manager.io/v1alpha1)",
            error.Message);
    }

    [Fact]
    public void Read_WrongKind_Fails400NamingTheKind()
    {
        var error = AssertBadRequest(Read("""{"kind":"Secret","request":{}}"""));

        Assert.Contains("Secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("ChallengePayload", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"apiVersion":5,"request":{}}""", "apiVersion")]
    [InlineData("""{"kind":{},"request":{}}""", "kind")]
    public void Read_TypeMetaNotAString_Fails400(string body, string field)
    {
        Assert.Contains(field, AssertBadRequest(Read(body)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"request":{}""")]
    [InlineData("""{"request":{}} trailing""")]
    [InlineData("""{'request':{}}""")]
    [InlineData("""{"request":{},}""")]
    public void Read_InvalidJson_Fails400(string body)
    {
        Assert.StartsWith("request body is not valid JSON: ", AssertBadRequest(Read(body)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uid")]
    [InlineData("apiVersion")]
    [InlineData("property name")]
    public void Read_InvalidUtf8_IsABadRequestOrReplacedLikeGo(string where)
    {
        // Go's decoder replaces invalid UTF-8 with U+FFFD; a 400 is also a fair answer. An exception (a 500) is not.
        byte[] body = where switch
        {
            "uid" => [.. "{\"request\":{\"uid\":\"a"u8, 0xFF, .. "\"}}"u8],
            "apiVersion" => [.. "{\"apiVersion\":\"v"u8, 0xC3, .. "\",\"request\":{}}"u8],
            _ => [.. "{\"request\":{\"u"u8, 0xFF, .. "\":\"x\"}}"u8],
        };

        var exception = Record.Exception(() => ChallengePayloadReader.Read(body, FieldValidation.Warn));

        Assert.Null(exception);
        var result = ChallengePayloadReader.Read(body, FieldValidation.Warn);
        if (result.Error is not null)
        {
            Assert.Equal(400, result.Error.Code);
        }
        else if (where == "uid")
        {
            Assert.Equal("a\uFFFD", result.Request?.Uid);
        }
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"x\"", "a string")]
    [InlineData("5", "a number")]
    [InlineData("null", "null")]
    public void Read_NotAnObject_Fails400(string body, string what)
    {
        var error = AssertBadRequest(Read(body));

        Assert.Equal($"request body must be a JSON object (a ChallengePayload), not {what}", error.Message);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"request":null}""")]
    [InlineData("""{"apiVersion":"webhook.acme.cert-manager.io/v1alpha1","response":{"success":true}}""")]
    public void Read_MissingOrNullRequest_FailsWithTheGoMessage(string body)
    {
        Assert.Equal("payload request field cannot be empty", AssertBadRequest(Read(body)).Message);
    }

    [Theory]
    [InlineData("""{"request":[]}""")]
    [InlineData("""{"request":"Present"}""")]
    public void Read_RequestNotAnObject_Fails400(string body)
    {
        Assert.StartsWith("request must be a JSON object", AssertBadRequest(Read(body)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uid", "5")]
    [InlineData("action", "true")]
    [InlineData("type", "{}")]
    [InlineData("dnsName", "[]")]
    [InlineData("key", "1.5")]
    [InlineData("resourceNamespace", "false")]
    [InlineData("resolvedFQDN", "[\"a\"]")]
    [InlineData("resolvedZone", "0")]
    public void Read_StringFieldOfWrongType_Fails400NamingThePath(string field, string value)
    {
        var error = AssertBadRequest(Read($$$"""{"request":{"{{{field}}}":{{{value}}}}}"""));

        Assert.Contains($"request.{field} must be a string", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public void Read_AllowAmbientCredentialsNotABoolean_Fails400NamingThePath(string value)
    {
        var error = AssertBadRequest(Read($$$"""{"request":{"allowAmbientCredentials":{{{value}}}}}"""));

        Assert.Contains("request.allowAmbientCredentials must be true or false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownFields_BecomeWarnings()
    {
        var result = Read("""{"request":{"uid":"u","foo":1},"bar":true}""", FieldValidation.Warn);

        Assert.Null(result.Error);
        Assert.Equal("u", result.Request?.Uid);
        Assert.Equal(2, result.Warnings.Count);
        Assert.Contains("unknown field \"request.foo\"", result.Warnings);
        Assert.Contains("unknown field \"bar\"", result.Warnings);
    }

    [Theory]
    [InlineData("""{"request":{"resolvedFqdn":"_acme-challenge.example.com."}}""", "unknown field \"request.resolvedFqdn\"")]
    [InlineData("""{"request":{"UID":"x"}}""", "unknown field \"request.UID\"")]
    [InlineData("""{"Request":{},"request":{}}""", "unknown field \"Request\"")]
    public void Read_FieldNamesInOtherCase_AreUnknownLikeGo(string body, string warning)
    {
        var result = Read(body, FieldValidation.Warn);

        Assert.Null(result.Error);
        Assert.Equal([warning], result.Warnings);
        Assert.Equal(string.Empty, result.Request?.ResolvedFqdn);
        Assert.Equal(string.Empty, result.Request?.Uid);
    }

    [Fact]
    public void Read_DuplicateFields_BecomeWarningsAndTheLastValueWins()
    {
        var result = Read("""{"request":{"uid":"first","uid":"second"}}""", FieldValidation.Warn);

        Assert.Null(result.Error);
        Assert.Equal("second", result.Request?.Uid);
        Assert.Equal(["duplicate field \"request.uid\""], result.Warnings);
    }

    [Fact]
    public void Read_DuplicateTopLevelField_BecomesAWarning()
    {
        var result = Read("""{"kind":"ChallengePayload","kind":"ChallengePayload","request":{}}""", FieldValidation.Warn);

        Assert.Equal(["duplicate field \"kind\""], result.Warnings);
    }

    [Fact]
    public void Read_UnknownFieldWithStrict_Fails400()
    {
        var error = AssertBadRequest(Read("""{"request":{"foo":1}}""", FieldValidation.Strict));

        Assert.Contains("unknown field \"request.foo\"", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("strict decoding error: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateFieldWithStrict_Fails400()
    {
        var error = AssertBadRequest(Read("""{"request":{"key":"a","key":"b"}}""", FieldValidation.Strict));

        Assert.Contains("duplicate field \"request.key\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CleanBodyWithStrict_Succeeds()
    {
        var result = Read(CertManagerBody, FieldValidation.Strict);

        Assert.Null(result.Error);
        Assert.NotNull(result.Request);
    }

    [Fact]
    public void Read_UnknownFieldsWithIgnore_GiveNoWarnings()
    {
        var result = Read("""{"request":{"foo":1,"uid":"a","uid":"b"},"bar":2}""", FieldValidation.Ignore);

        Assert.Null(result.Error);
        Assert.Empty(result.Warnings);
        Assert.Equal("b", result.Request?.Uid);
    }

    [Fact]
    public void Read_ResponseField_IsAcceptedAndIgnored()
    {
        var result = Read("""{"request":{},"response":{"uid":"x","success":true}}""", FieldValidation.Strict);

        Assert.Null(result.Error);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Read_NullStrings_BecomeEmpty()
    {
        var result = Read("""{"request":{"uid":null,"action":null,"type":null,"dnsName":null,"key":null,"resourceNamespace":null,"resolvedFQDN":null,"resolvedZone":null,"allowAmbientCredentials":null}}""");

        var request = Assert.IsType<ChallengeRequest>(result.Request);
        Assert.Equal(new ChallengeRequest(), request);
    }

    [Fact]
    public void Read_AbsentFields_AreEmpty()
    {
        var request = Assert.IsType<ChallengeRequest>(Read("""{"request":{}}""").Request);

        Assert.Equal(string.Empty, request.DnsName);
        Assert.Equal(string.Empty, request.ResolvedFqdn);
        Assert.False(request.AllowAmbientCredentials);
        Assert.Null(request.Config);
    }

    [Fact]
    public void Read_NullConfig_IsAbsent()
    {
        Assert.Null(Read("""{"request":{"config":null}}""").Request?.Config);
    }

    [Theory]
    [InlineData("""{"b": 1.50, "a":[true,null,"x\u003c"], "n":{}}""")]
    [InlineData("{}")]
    [InlineData("\"just a string\"")]
    [InlineData("[1,2]")]
    [InlineData("1e3")]
    public void Read_Config_IsKeptVerbatim(string config)
    {
        var request = Read($$$"""{"request":{"config":{{{config}}}}}""").Request;

        Assert.Equal(config, request?.Config?.GetRawText());
    }

    [Fact]
    public void Read_Config_OutlivesTheBody()
    {
        var body = Encoding.UTF8.GetBytes("""{"request":{"config":{"ttl":60}}}""");
        var request = ChallengePayloadReader.Read(body, FieldValidation.Warn).Request;

        Array.Clear(body);

        Assert.Equal(60, request?.Config?.GetProperty("ttl").GetInt32());
    }

    private static Result Read(string body, FieldValidation validation = FieldValidation.Warn) =>
        ChallengePayloadReader.Read(Encoding.UTF8.GetBytes(body), validation);

    private static KubernetesStatus AssertBadRequest(Result result)
    {
        Assert.Null(result.Request);
        Assert.Empty(result.Warnings);
        var error = Assert.IsType<KubernetesStatus>(result.Error);
        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
        return error;
    }
}

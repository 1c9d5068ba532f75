using System.Text.Json;
using Solvers.Abstractions.Tests.Configs;

namespace Solvers.Abstractions.Tests;

public sealed class SolverConfigBinderTests
{
    private const string ValidToken = """{"apiTokenSecretRef":{"name":"cloudflare-api-token","key":"api-token"}}""";

    [Fact]
    public void Bind_NullConfigWithNothingRequired_BindsDefaults()
    {
        var config = SolverConfigBinder.Bind<OptionalConfig>(null);

        Assert.Equal(new OptionalConfig(), config);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    public void Bind_JsonNullOrEmptyObjectWithNothingRequired_BindsDefaults(string json)
    {
        var config = SolverConfigBinder.Bind<OptionalConfig>(Json(json));

        Assert.Equal(60, config.Ttl);
        Assert.Equal("eu-west-1", config.Region);
        Assert.Null(config.Endpoint);
        Assert.Equal(ProxyMode.DnsOnly, config.Proxy);
    }

    [Fact]
    public void Bind_DefaultJsonElementWithNothingRequired_BindsDefaults()
    {
        Assert.Equal(new OptionalConfig(), SolverConfigBinder.Bind<OptionalConfig>(default(JsonElement)));
    }

    [Fact]
    public void Bind_ValidConfig_BindsEveryField()
    {
        var config = SolverConfigBinder.Bind<TokenProviderConfig>(Json(
            """{"apiTokenSecretRef":{"name":"cf","key":"token"},"ttl":300,"endpoint":"https://api.example","proxy":"Proxied"}"""));

        Assert.Equal(new SecretKeyRef { Name = "cf", Key = "token" }, config.ApiTokenSecretRef);
        Assert.Equal(300, config.Ttl);
        Assert.Equal("https://api.example", config.Endpoint);
        Assert.Equal(ProxyMode.Proxied, config.Proxy);
    }

    [Fact]
    public void Bind_OnlyRequiredFields_KeepsTypeDefaults()
    {
        var config = SolverConfigBinder.Bind<TokenProviderConfig>(Json(ValidToken));

        Assert.Equal(60, config.Ttl);
        Assert.Null(config.Endpoint);
        Assert.Equal(ProxyMode.DnsOnly, config.Proxy);
    }

    [Fact]
    public void Bind_PropertyNamesInAnyCase_BindLikeGoEncodingJson()
    {
        var config = SolverConfigBinder.Bind<TokenProviderConfig>(Json(
            """{"APITokenSecretRef":{"NAME":"cf","Key":"token"},"TTL":120,"Endpoint":"x"}"""));

        Assert.Equal("cf", config.ApiTokenSecretRef.Name);
        Assert.Equal("token", config.ApiTokenSecretRef.Key);
        Assert.Equal(120, config.Ttl);
        Assert.Equal("x", config.Endpoint);
    }

    [Fact]
    public void Bind_NullConfigWithRequiredField_FailsNamingTheField()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<TokenProviderConfig>(null));

        Assert.Contains("$.apiTokenSecretRef: value is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_EmptyObjectWithRequiredField_FailsNamingTheField()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<TokenProviderConfig>(Json("{}")));

        Assert.Contains("$.apiTokenSecretRef: value is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NullConfigWithFourRequiredFields_FailsNamingEachField()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<AccessKeyConfig>(null));

        Assert.Contains("$.accessKeyIdSecretRef: value is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.secretAccessKeySecretRef: value is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.region: value is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.hostedZoneId: value is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_UnknownField_FailsWithJsonPath()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json("""{"tll":5}""")));

        Assert.Contains("$.tll", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown field", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_UnknownFieldBesideMissingRequired_FailsNamingTheUnknownField()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<TokenProviderConfig>(Json("""{"tll":5}""")));

        Assert.Contains("$.tll", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown field", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NestedUnknownField_FailsWithNestedJsonPath()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<TokenProviderConfig>(Json(
            """{"apiTokenSecretRef":{"name":"cf","key":"token","nmae":"typo"}}""")));

        Assert.Contains("$.apiTokenSecretRef.nmae", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown field", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ttl":"x"}""")]
    [InlineData("""{"ttl":1.5}""")]
    [InlineData("""{"ttl":true}""")]
    [InlineData("""{"ttl":{}}""")]
    public void Bind_WrongTypeForNumber_FailsWithPathAndExpectedType(string json)
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json(json)));

        Assert.Contains("$.ttl", ex.Message, StringComparison.Ordinal);
        Assert.Contains("whole number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NumberAsString_FailsLikeGoEncodingJson()
    {
        // Go's encoding/json refuses "60" for an int field (without a ",string" tag); web defaults would accept it.
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json("""{"ttl":"60"}""")));

        Assert.Contains("$.ttl", ex.Message, StringComparison.Ordinal);
        Assert.Contains("whole number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_WrongTypeForBoolean_FailsWithPathAndExpectedType()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json("""{"enabled":"yes"}""")));

        Assert.Contains("$.enabled", ex.Message, StringComparison.Ordinal);
        Assert.Contains("true or false", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_WrongTypeForString_FailsWithPathAndExpectedType()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json("""{"region":5}""")));

        Assert.Contains("$.region", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_EnumAsString_BindsCaseInsensitively()
    {
        Assert.Equal(ProxyMode.Proxied, SolverConfigBinder.Bind<OptionalConfig>(Json("""{"proxy":"proxied"}""")).Proxy);
    }

    [Theory]
    [InlineData("""{"proxy":"sometimes"}""")]
    [InlineData("""{"proxy":1}""")]
    public void Bind_EnumOutsideItsValues_FailsWithPath(string json)
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json(json)));

        Assert.Contains("$.proxy", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_EnumOutsideItsValues_NamesTheAllowedValues()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json("""{"proxy":"sometimes"}""")));

        Assert.Contains("DnsOnly", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Proxied", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86_401)]
    [InlineData(-5)]
    public void Bind_RangeViolation_FailsWithPath(int ttl)
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json($$"""{"ttl":{{ttl}}}""")));

        Assert.Contains("$.ttl", ex.Message, StringComparison.Ordinal);
        Assert.Contains("86400", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(86_400)]
    public void Bind_RangeBoundary_IsAccepted(int ttl)
    {
        Assert.Equal(ttl, SolverConfigBinder.Bind<OptionalConfig>(Json($$"""{"ttl":{{ttl}}}""")).Ttl);
    }

    [Fact]
    public void Bind_NestedRangeViolation_FailsWithNestedPath()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<NestedConfig>(Json(
            """{"apiTokenSecretRef":{"name":"cf","key":"token"},"record":{"ttl":0}}""")));

        Assert.Contains("$.record.ttl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NestedRequiredMissing_FailsWithNestedPath()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<TokenProviderConfig>(Json(
            """{"apiTokenSecretRef":{"name":"x"}}""")));

        Assert.Contains("$.apiTokenSecretRef.key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("required", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("$.apiTokenSecretRef.name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NullForNonNullableString_FailsWithPathAndNull()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json("""{"region":null}""")));

        Assert.Contains("$.region", ex.Message, StringComparison.Ordinal);
        Assert.Contains("null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NullForRequiredObject_FailsWithPathAndNull()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<TokenProviderConfig>(Json("""{"apiTokenSecretRef":null}""")));

        Assert.Contains("$.apiTokenSecretRef", ex.Message, StringComparison.Ordinal);
        Assert.Contains("null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NullForNestedNonNullableString_FailsWithNestedPathAndNull()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<TokenProviderConfig>(Json(
            """{"apiTokenSecretRef":{"name":null,"key":"token"}}""")));

        Assert.Contains("$.apiTokenSecretRef.name", ex.Message, StringComparison.Ordinal);
        Assert.Contains("null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NullForNullableString_BindsNull()
    {
        Assert.Null(SolverConfigBinder.Bind<OptionalConfig>(Json("""{"endpoint":null}""")).Endpoint);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"ttl\":5}]")]
    [InlineData("\"ttl=5\"")]
    [InlineData("5")]
    [InlineData("true")]
    public void Bind_ConfigNotAnObject_FailsAtRootNamingJsonObject(string json)
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json(json)));

        Assert.Contains("$", ex.Message, StringComparison.Ordinal);
        Assert.Contains("JSON object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ConfigIsArray_SaysWhatItGot()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<OptionalConfig>(Json("[]")));

        Assert.Equal("invalid webhook.config at $: expected a JSON object, got an array", ex.Message);
    }

    [Fact]
    public void Bind_ValidatableObjectRuleBroken_FailsWithRuleMessageAndPaths()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<EitherCredentialConfig>(Json(
            """{"apiTokenSecretRef":{"name":"a","key":"b"},"apiKeySecretRef":{"name":"c","key":"d"}}""")));

        Assert.Contains(EitherCredentialConfig.ExactlyOne, ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.apiTokenSecretRef", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.apiKeySecretRef", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ValidatableObjectRuleBrokenByAbsentConfig_Fails()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<EitherCredentialConfig>(null));

        Assert.Contains(EitherCredentialConfig.ExactlyOne, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ValidatableObjectRuleKept_Binds()
    {
        var config = SolverConfigBinder.Bind<EitherCredentialConfig>(Json("""{"apiKeySecretRef":{"name":"c","key":"d"}}"""));

        Assert.Null(config.ApiTokenSecretRef);
        Assert.Equal("c", config.ApiKeySecretRef?.Name);
    }

    [Fact]
    public void Bind_Failure_IsAlsoADnsProviderException()
    {
        var ex = Record.Exception(() => SolverConfigBinder.Bind<OptionalConfig>(Json("""{"tll":5}""")));

        Assert.IsType<InvalidSolverConfigException>(ex);
        Assert.IsAssignableFrom<DnsProviderException>(ex);
    }

    [Fact]
    public void Bind_Failure_DoesNotEchoOtherConfigValues()
    {
        var ex = Assert.Throws<InvalidSolverConfigException>(() => SolverConfigBinder.Bind<TokenProviderConfig>(Json(
            """{"apiTokenSecretRef":{"name":"very-private-name","key":"token"},"ttl":"x"}""")));

        Assert.DoesNotContain("very-private-name", ex.Message, StringComparison.Ordinal);
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

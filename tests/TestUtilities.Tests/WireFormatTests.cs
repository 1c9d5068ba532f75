using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using Solvers.TestUtilities.Internal;

namespace Solvers.TestUtilities.Tests;

/// <summary>Raw HTTP checks of what the fake sends and accepts, against the apiserver's conventions and the
/// official OpenAPI schemas.</summary>
public sealed class WireFormatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task TokenReviewResponse_ConformsToTheOpenApiSchemaWithNoUnknownFields()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.AddToken("t", "alice", ["dev"], new Dictionary<string, IReadOnlyList<string>> { ["scopes"] = ["a", "b"] }, "uid-1");
        using var http = server.CreateHttpClient();

        using var response = await http.PostAsync(Relative("/apis/authentication.k8s.io/v1/tokenreviews"),
            Json("""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"t","audiences":["solver"]}}"""), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(
            """{"kind":"TokenReview","apiVersion":"authentication.k8s.io/v1","metadata":{},"spec":{"token":"t","audiences":["solver"]},"status":{"authenticated":true,"user":{"username":"alice","uid":"uid-1","groups":["dev","system:authenticated"],"extra":{"scopes":["a","b"]}},"audiences":["solver"]}}""" + "\n",
            body);
        AssertConforms(OpenApiSchemas.Authentication, "io.k8s.api.authentication.v1.TokenReview", body);
    }

    [Fact]
    public async Task TokenReviewResponse_UnknownToken_HasEmptyUserAndNoAuthenticatedField()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient();

        using var response = await http.PostAsync(Relative("/apis/authentication.k8s.io/v1/tokenreviews"), Json("""{"spec":{"token":"nope"}}"""), Ct);

        Assert.Equal(
            """{"kind":"TokenReview","apiVersion":"authentication.k8s.io/v1","metadata":{},"spec":{"token":"nope"},"status":{"user":{}}}""" + "\n",
            await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task SubjectAccessReviewResponse_ConformsToTheOpenApiSchemaWithNoUnknownFields()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.Deny("alice", "create", "acme.example.com", "embedded");
        using var http = server.CreateHttpClient();

        using var response = await http.PostAsync(Relative("/apis/authorization.k8s.io/v1/subjectaccessreviews"), Json("""
            {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"resourceAttributes":{"verb":"create","group":"acme.example.com","version":"v1alpha1","resource":"embedded"},"user":"alice","groups":["system:authenticated"],"extra":{"b":["2"],"a":["1"]},"uid":"u"}}
            """), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(
            """{"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{"resourceAttributes":{"verb":"create","group":"acme.example.com","version":"v1alpha1","resource":"embedded"},"user":"alice","groups":["system:authenticated"],"extra":{"a":["1"],"b":["2"]},"uid":"u"},"status":{"allowed":false,"denied":true,"reason":"denied by fake rule 1 for User \"alice\""}}""" + "\n",
            body);
        AssertConforms(OpenApiSchemas.Authorization, "io.k8s.api.authorization.v1.SubjectAccessReview", body);
    }

    [Fact]
    public async Task CreateReview_UnknownField_IsAcceptedWithAWarningHeader()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient();

        using var response = await http.PostAsync(Relative("/apis/authentication.k8s.io/v1/tokenreviews"), Json("""{"spec":{"token":"t","tokn":"x"},"extra":1}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"spec.tokn\\\"\"", "299 - \"unknown field \\\"extra\\\"\""], response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task CreateReview_UnknownFieldUnderStrictValidation_Is400()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient();

        using var response = await http.PostAsync(Relative("/apis/authorization.k8s.io/v1/subjectaccessreviews?fieldValidation=Strict"),
            Json("""{"spec":{"user":"alice","resourceAttributes":{"verb":"get","resources":"pods"}}}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"message\":\"strict decoding error: unknown field \\\"spec.resourceAttributes.resources\\\"\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"spec":{"token":42}}""", "TokenReview in version \\\"v1\\\" cannot be handled as a TokenReview: json: cannot unmarshal number into Go struct field TokenReviewSpec.spec.token of type string")]
    [InlineData("""{"spec":{"token":"t","audiences":"solver"}}""", "json: cannot unmarshal string into Go struct field TokenReviewSpec.spec.audiences of type []string")]
    [InlineData("""{"apiVersion":"authentication.k8s.io/v1beta1","spec":{"token":"t"}}""", "the API version in the data (authentication.k8s.io/v1beta1) does not match the expected API version (authentication.k8s.io/v1)")]
    [InlineData("""[1]""", "couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct")]
    [InlineData("""{"spec":""", "couldn't get version/kind; json parse error:")]
    public async Task CreateTokenReview_MalformedBody_Is400BadRequest(string body, string expectedMessagePart)
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient();

        using var response = await http.PostAsync(Relative("/apis/authentication.k8s.io/v1/tokenreviews"), Json(body), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expectedMessagePart, text, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"BadRequest\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateReview_NonJsonContentType_Is415()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient();

        using var response = await http.PostAsync(Relative("/apis/authentication.k8s.io/v1/tokenreviews"), new StringContent("spec: {}", Encoding.UTF8, "application/yaml"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task GetOnTokenReviews_Is405()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient();

        using var response = await http.GetAsync(Relative("/apis/authentication.k8s.io/v1/tokenreviews"), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server does not allow this method on the requested resource","reason":"MethodNotAllowed","details":{},"code":405}""" + "\n",
            await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UnknownPath_Is404PathNotFound()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient();

        using var response = await http.GetAsync(Relative("/api/v1/namespaces/default/pods"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}""" + "\n",
            await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ProtobufOnlyAccept_Is406()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Relative("/version"));
        request.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Strings_AreEscapedLikeGo()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetConfigMap("ns", "m", new Dictionary<string, string> { ["k"] = "<a href=\"x\">&'é\n\u2028" });
        using var http = server.CreateHttpClient();

        var body = await http.GetStringAsync(Relative("/api/v1/namespaces/ns/configmaps/m"), Ct);

        Assert.Contains("\"data\":{\"k\":\"\\u003ca href=\\\"x\\\"\\u003e\\u0026'é\\n\\u2028\"}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseHeaders_CarryAuditIdAndNoCache()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient();

        using var response = await http.GetAsync(Relative("/version"), Ct);

        Assert.True(Guid.TryParse(response.Headers.GetValues("Audit-Id").Single(), out _));
        Assert.Equal("no-cache, private", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Watch_OnTheWire_IsNewlineDelimitedEvents()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetConfigMap("ns", "m", new Dictionary<string, string> { ["k"] = "v" });
        var created = server.ResourceVersion;
        server.SetConfigMap("ns", "m", new Dictionary<string, string> { ["k"] = "w" });
        var modified = server.ResourceVersion;
        using var http = server.CreateHttpClient();

        var body = await http.GetStringAsync(Relative($"/api/v1/namespaces/ns/configmaps?watch=true&resourceVersion={created}&timeoutSeconds=1"), Ct);

        var line = Assert.Single(body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($$"""{"type":"MODIFIED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"m","namespace":"ns","uid":""", line, StringComparison.Ordinal);
        Assert.Contains($$""","resourceVersion":"{{modified}}","creationTimestamp":""", line, StringComparison.Ordinal);
        Assert.EndsWith("""},"data":{"k":"w"}}}""", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_SendInitialEvents_EndsInitialEventsWithAnAnnotatedBookmark()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetConfigMap("ns", "a", new Dictionary<string, string>());
        using var http = server.CreateHttpClient();

        var body = await http.GetStringAsync(Relative("/api/v1/namespaces/ns/configmaps?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1"), Ct);

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("""{"type":"ADDED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a",""", lines[0], StringComparison.Ordinal);
        Assert.Equal(
            """{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"RV","annotations":{"k8s.io/initial-events-end":"true"}}}}""".Replace("RV", server.ResourceVersion, StringComparison.Ordinal),
            lines[1]);
    }

    [Fact]
    public async Task Watch_TooLargeResourceVersion_IsA504ErrorEvent()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var http = server.CreateHttpClient();

        var body = await http.GetStringAsync(Relative("/api/v1/namespaces/ns/configmaps?watch=true&resourceVersion=999999&timeoutSeconds=1"), Ct);

        Assert.Equal(
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Timeout: Too large resource version: 999999, current: RV","reason":"Timeout","details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}],"retryAfterSeconds":1},"code":504}}""".Replace("RV", server.ResourceVersion, StringComparison.Ordinal) + "\n",
            body);
    }

    [Fact]
    public async Task KubernetesClient_SendsCamelCaseBodiesWithoutTypeMetaUnlessSet()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);

        await client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec { User = "alice", NonResourceAttributes = new V1NonResourceAttributes { Path = "/healthz", Verb = "get" } },
        }, cancellationToken: Ct);

        var call = Assert.Single(server.CallsTo("/apis/authorization.k8s.io/v1/subjectaccessreviews"));
        Assert.Equal("""{"spec":{"nonResourceAttributes":{"path":"/healthz","verb":"get"},"user":"alice"}}""", call.Body);
    }

    private static void AssertConforms(OpenApiSchemas schemas, string schemaName, string json)
    {
        using var document = JsonDocument.Parse(json);
        var check = schemas.Check(document.RootElement, schemaName);
        Assert.Null(check.TypeError);
        Assert.Empty(check.FieldProblems);
    }
}

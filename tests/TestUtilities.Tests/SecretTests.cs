using System.Text;
using k8s;
using k8s.Autorest;

namespace Solvers.TestUtilities.Tests;

public sealed class SecretTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadNamespacedSecret_Existing_ReturnsDecodedBytes()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        byte[] binary = [0, 1, 2, 0xFF];
        server.SetSecret("sandbox", "cloudflare", new Dictionary<string, byte[]> { ["api-token"] = Encoding.UTF8.GetBytes("s3cr3t"), ["bin"] = binary });
        using var client = KubeClients.Create(server);

        var secret = await client.CoreV1.ReadNamespacedSecretAsync("cloudflare", "sandbox", cancellationToken: Ct);

        Assert.Equal("Secret", secret.Kind);
        Assert.Equal("Opaque", secret.Type);
        Assert.Equal("s3cr3t", Encoding.UTF8.GetString(secret.Data["api-token"]));
        Assert.Equal(binary, secret.Data["bin"]);
    }

    [Fact]
    public async Task ReadNamespacedSecret_OnTheWire_DataIsBase64()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetSecret("sandbox", "s", new Dictionary<string, byte[]> { ["k"] = Encoding.UTF8.GetBytes("v") });
        using var http = server.CreateHttpClient();

        var body = await http.GetStringAsync(new Uri("/api/v1/namespaces/sandbox/secrets/s", UriKind.Relative), Ct);

        Assert.Contains("\"data\":{\"k\":\"dg==\"},\"type\":\"Opaque\"}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadNamespacedSecret_Missing_Is404WithTheExactStatus()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedSecretAsync("x", "sandbox", cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"secrets"},"code":404}""" + "\n",
            error.Response.Content);
    }

    [Fact]
    public async Task ReadNamespacedSecret_ForbiddenNamespace_Is403NamingTheUser()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetSecret("locked", "x", new Dictionary<string, byte[]> { ["k"] = [1] });
        server.ForbidSecretsIn("locked");
        server.AddToken("solver-token", "system:serviceaccount:solvers:solver-host");
        using var client = KubeClients.Create(server, "solver-token");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedSecretAsync("x", "locked", cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.Response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \"x\" is forbidden: User \"system:serviceaccount:solvers:solver-host\" cannot get resource \"secrets\" in API group \"\" in the namespace \"locked\"","reason":"Forbidden","details":{"name":"x","kind":"secrets"},"code":403}""" + "\n",
            error.Response.Content);
    }

    [Fact]
    public async Task DeleteSecret_ThenRead_Is404()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetSecret("ns", "s", new Dictionary<string, byte[]>());
        using var client = KubeClients.Create(server);

        Assert.True(server.DeleteSecret("ns", "s"));

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedSecretAsync("s", "ns", cancellationToken: Ct));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
    }
}

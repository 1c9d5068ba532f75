using Solvers.Abstractions;
using Solvers.SolverHost.Secrets;

namespace Solvers.SolverHost.Tests.Secrets;

public sealed class UnconfiguredSecretSourceTests
{
    [Fact]
    public async Task ReadAsync_AnyReference_FailsExplainingSecretsDir()
    {
        var reader = new UnconfiguredSecretSource().ForNamespace("cert-manager");

        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(
            () => reader.ReadAsync(new SecretKeyRef { Name = "cloudflare-api-token", Key = "api-token" }, TestContext.Current.CancellationToken));

        Assert.StartsWith("secret cert-manager/cloudflare-api-token key api-token: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--secrets-dir", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForNamespace_Namespace_IsBound()
    {
        Assert.Equal("team-a", new UnconfiguredSecretSource().ForNamespace("team-a").ResourceNamespace);
    }
}

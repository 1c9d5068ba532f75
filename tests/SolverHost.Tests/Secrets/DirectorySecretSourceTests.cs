using Solvers.Abstractions;
using Solvers.SolverHost.Secrets;

namespace Solvers.SolverHost.Tests.Secrets;

public sealed class DirectorySecretSourceTests : IDisposable
{
    // <base>/root is the secrets folder; <base>/outside holds files that traversal would reach.
    private readonly string _base = Path.Combine(Path.GetTempPath(), "solvers-secrets-" + Guid.NewGuid().ToString("N"));
    private readonly string _root;

    public DirectorySecretSourceTests()
    {
        _root = Path.Combine(_base, "root");
        Write(_root, "cert-manager", "cloudflare-api-token", "api-token", "token-value");
        Write(_root, "cert-manager", "dotted.secret.name", "key.with_underscore-and.dots", "dotted");
        Write(_base, "outside", "stolen", "key", "outside-value");
        Write(_base, "root-evil", "stolen", "key", "outside-value");
        Write(_root, "cert-manager", "x", "..hidden", "hidden-value");
    }

    public void Dispose() => Directory.Delete(_base, recursive: true);

    [Fact]
    public async Task ReadAsync_ExistingKey_ReturnsItsBytes()
    {
        var reader = new DirectorySecretSource(_root).ForNamespace("cert-manager");

        var value = await reader.ReadAsync(Ref("cloudflare-api-token", "api-token"), TestContext.Current.CancellationToken);

        Assert.Equal("token-value"u8.ToArray(), value.ToArray());
        Assert.Equal("cert-manager", reader.ResourceNamespace);
    }

    [Fact]
    public async Task ReadAsync_DottedNameAndKey_AreAllowed()
    {
        var reader = new DirectorySecretSource(_root).ForNamespace("cert-manager");

        var value = await reader.ReadAsync(Ref("dotted.secret.name", "key.with_underscore-and.dots"), TestContext.Current.CancellationToken);

        Assert.Equal("dotted"u8.ToArray(), value.ToArray());
    }

    [Fact]
    public async Task ReadAsync_KeyStartingWithTwoDots_IsAnOrdinaryKey()
    {
        var value = await new DirectorySecretSource(_root).ForNamespace("cert-manager")
            .ReadAsync(Ref("x", "..hidden"), TestContext.Current.CancellationToken);

        Assert.Equal("hidden-value"u8.ToArray(), value.ToArray());
    }

    [Fact]
    public async Task ReadAsync_RelativeRoot_ReadsFromIt()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _root);

        var value = await new DirectorySecretSource(relative).ForNamespace("cert-manager")
            .ReadAsync(Ref("cloudflare-api-token", "api-token"), TestContext.Current.CancellationToken);

        Assert.Equal("token-value"u8.ToArray(), value.ToArray());
    }

    [Fact]
    public async Task ReadAsync_MissingSecret_FailsNamingNamespaceSecretAndKey()
    {
        var reader = new DirectorySecretSource(_root).ForNamespace("cert-manager");

        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(
            () => reader.ReadAsync(Ref("no-such-secret", "api-token"), TestContext.Current.CancellationToken));

        Assert.StartsWith("secret cert-manager/no-such-secret key api-token: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found in namespace cert-manager", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SecretInAnotherNamespace_IsNotFound()
    {
        Write(_root, "team-b", "only-in-b", "k", "b-value");
        var reader = new DirectorySecretSource(_root).ForNamespace("cert-manager");

        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(() => reader.ReadAsync(Ref("only-in-b", "k"), TestContext.Current.CancellationToken));

        Assert.StartsWith("secret cert-manager/only-in-b key k: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingKey_FailsNamingNamespaceSecretAndKey()
    {
        var reader = new DirectorySecretSource(_root).ForNamespace("cert-manager");

        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(
            () => reader.ReadAsync(Ref("cloudflare-api-token", "other-key"), TestContext.Current.CancellationToken));

        Assert.StartsWith("secret cert-manager/cloudflare-api-token key other-key: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has no key other-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingNamespaceFolder_FailsNamingTheNamespace()
    {
        var reader = new DirectorySecretSource(_root).ForNamespace("no-such-namespace");

        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(
            () => reader.ReadAsync(Ref("cloudflare-api-token", "api-token"), TestContext.Current.CancellationToken));

        Assert.Contains("no-such-namespace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingRootFolder_IsNotFound()
    {
        var reader = new DirectorySecretSource(Path.Combine(_base, "absent")).ForNamespace("cert-manager");

        await Assert.ThrowsAsync<SecretNotFoundException>(() => reader.ReadAsync(Ref("cloudflare-api-token", "api-token"), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("cert-manager/../../outside")]
    [InlineData("/etc")]
    [InlineData("")]
    [InlineData("Cert-Manager")]
    public async Task ReadAsync_TraversalInNamespace_IsRefused(string resourceNamespace)
    {
        var reader = new DirectorySecretSource(_root).ForNamespace(resourceNamespace);

        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(() => reader.ReadAsync(Ref("stolen", "key"), TestContext.Current.CancellationToken));

        Assert.Contains("is not a valid namespace name", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("../../outside/stolen")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("Upper")]
    public async Task ReadAsync_TraversalInSecretName_IsRefused(string name)
    {
        var reader = new DirectorySecretSource(_root).ForNamespace("cert-manager");

        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(() => reader.ReadAsync(Ref(name, "key"), TestContext.Current.CancellationToken));

        Assert.Contains("is not a valid Secret name", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("../../../outside/stolen/key")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    [InlineData("")]
    public async Task ReadAsync_TraversalInKey_IsRefused(string key)
    {
        var reader = new DirectorySecretSource(_root).ForNamespace("cert-manager");

        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(() => reader.ReadAsync(Ref("cloudflare-api-token", key), TestContext.Current.CancellationToken));

        Assert.Contains("is not a valid Secret key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SiblingFolderSharingThePrefix_IsNeverRead()
    {
        // <base>/root-evil starts with the root's path; a prefix check alone would let "../root-evil" through.
        var reader = new DirectorySecretSource(_root).ForNamespace("../root-evil");

        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(() => reader.ReadAsync(Ref("stolen", "key"), TestContext.Current.CancellationToken));

        Assert.Contains("is not a valid namespace name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NullReference_Throws()
    {
        var reader = new DirectorySecretSource(_root).ForNamespace("cert-manager");

        await Assert.ThrowsAsync<ArgumentNullException>(() => reader.ReadAsync(null!, TestContext.Current.CancellationToken));
    }

    private static SecretKeyRef Ref(string name, string key) => new() { Name = name, Key = key };

    private static void Write(string root, string resourceNamespace, string name, string key, string value)
    {
        var folder = Path.Combine(root, resourceNamespace, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, key), value);
    }
}

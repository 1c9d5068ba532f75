using System.Text;
using Solvers.Abstractions.Tests.TestDoubles;

namespace Solvers.Abstractions.Tests;

public sealed class SecretReaderExtensionsTests
{
    private static readonly SecretKeyRef _token = new() { Name = "cloudflare-api-token", Key = "api-token" };

    [Theory]
    [InlineData("s3cr3t-token")]
    [InlineData("tökén ✓")]
    [InlineData("line\n")]
    [InlineData("  padded  ")]
    [InlineData("")]
    public async Task ReadStringAsync_Utf8Value_ReturnsItExactly(string value)
    {
        var reader = new FakeSecretReader().With(_token.Name, _token.Key, Encoding.UTF8.GetBytes(value));

        var result = await reader.ReadStringAsync(_token, TestContext.Current.CancellationToken);

        Assert.Equal(value, result);
    }

    [Fact]
    public async Task ReadStringAsync_InvalidUtf8_FailsNamingTheSecretButNotTheBytes()
    {
        byte[] bytes = [.. "s3cr3t"u8, 0xFF, 0xFE, .. "tail"u8];
        var reader = new FakeSecretReader("team-a").With(_token.Name, _token.Key, bytes);

        var ex = await Assert.ThrowsAsync<DnsProviderException>(() => reader.ReadStringAsync(_token, TestContext.Current.CancellationToken));

        Assert.Contains("team-a", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cloudflare-api-token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("api-token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tail", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("FF", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public async Task ReadStringAsync_MissingSecret_LetsSecretNotFoundThrough()
    {
        var reader = new FakeSecretReader();

        await Assert.ThrowsAsync<SecretNotFoundException>(() => reader.ReadStringAsync(_token, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadStringAsync_NullArguments_Throw()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => SecretReaderExtensions.ReadStringAsync(null!, _token, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentNullException>(() => new FakeSecretReader().ReadStringAsync(null!, TestContext.Current.CancellationToken));
    }
}

using System.Text;

namespace Solvers.Abstractions;

/// <summary>Helpers over <see cref="ISecretReader"/>.</summary>
public static class SecretReaderExtensions
{
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="reference"/> as UTF-8 text, exactly as stored (no trimming).</summary>
    /// <exception cref="SecretNotFoundException">The Secret or the key does not exist.</exception>
    /// <exception cref="DnsProviderException">The value is not UTF-8 text.</exception>
    public static async Task<string> ReadStringAsync(this ISecretReader reader, SecretKeyRef reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(reference);
        var bytes = await reader.ReadAsync(reference, cancellationToken).ConfigureAwait(false);
        try
        {
            return _strictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw new DnsProviderException($"secret {reader.ResourceNamespace}/{reference.Name} key {reference.Key} is not UTF-8 text");
        }
    }
}

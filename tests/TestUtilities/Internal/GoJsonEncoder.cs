using System.Text.Encodings.Web;

namespace Solvers.TestUtilities.Internal;

/// <summary>Escapes strings the way Go's <c>encoding/json</c> encoder does, so the fake's bodies are byte-for-byte
/// what the kube-apiserver writes: <c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>, other control characters as
/// <c>\u00xx</c>, HTML-significant <c>&lt; &gt; &amp;</c> and U+2028/U+2029 as <c>\u</c> escapes, everything else
/// (including non-ASCII) as is.</summary>
internal sealed class GoJsonEncoder : JavaScriptEncoder
{
    public static readonly GoJsonEncoder Instance = new();

    private GoJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or '<' or '>' or '&' or 0x2028 or 0x2029;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < span.Length; i++)
        {
            if (WillEncode(span[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        ReadOnlySpan<char> escaped = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when WillEncode(unicodeScalar) => $"\\u{unicodeScalar:x4}",
            _ => null,
        };

        if (escaped.IsEmpty)
        {
            // Not ours to escape: write the scalar itself (one char, or a surrogate pair).
            if (!new System.Text.Rune(unicodeScalar).TryEncodeToUtf16(destination, out numberOfCharactersWritten))
            {
                numberOfCharactersWritten = 0;
                return false;
            }

            return true;
        }

        if (!escaped.TryCopyTo(destination))
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        numberOfCharactersWritten = escaped.Length;
        return true;
    }
}

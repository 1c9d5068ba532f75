namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>TXT content as Cloudflare stores it: what was sent, quoted (<c>"abc"</c>, as Cloudflare now asks for) or
/// not (<c>abc</c>, as cert-manager's built-in solver sends it).</summary>
internal static class TxtContent
{
    /// <summary>The content to send for <paramref name="value"/>: one quoted character-string.</summary>
    public static string Quote(string value) => $"\"{value}\"";

    /// <summary>Whether stored <paramref name="content"/> is <paramref name="value"/>: one pair of surrounding quotes
    /// stripped, then compared ordinally (ACME values are case-sensitive).</summary>
    public static bool Matches(string? content, string value) =>
        content is not null && string.Equals(Unquote(content), value, StringComparison.Ordinal);

    private static string Unquote(string content) =>
        content.Length >= 2 && content[0] == '"' && content[^1] == '"' ? content[1..^1] : content;
}

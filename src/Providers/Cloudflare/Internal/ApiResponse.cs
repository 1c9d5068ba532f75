namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>A Cloudflare answer that is final (not retried): its HTTP status and envelope.</summary>
internal sealed record ApiResponse(int Status, Envelope Envelope)
{
    public bool IsSuccess => Status is >= 200 and < 300 && Envelope.Success;

    public IReadOnlyList<ApiMessage> Errors => Envelope.Errors ?? [];

    /// <summary>Whether an error, or one in an error's chain, has one of <paramref name="codes"/>.</summary>
    public bool HasCode(params int[] codes) => Errors.Any(e => Matches(e, codes));

    /// <summary>The errors for a message: <c>403 (10000 Authentication error)</c>.</summary>
    public string Describe()
    {
        var errors = Errors.Select(Format).ToList();
        return errors.Count == 0 ? $"{Status}" : $"{Status} ({string.Join("; ", errors)})";
    }

    private static bool Matches(ApiMessage message, int[] codes) =>
        codes.Contains(message.Code) || (message.ErrorChain?.Any(m => Matches(m, codes)) ?? false);

    private static string Format(ApiMessage message)
    {
        var text = Shorten($"{message.Code} {message.Message}".Trim());
        return message.ErrorChain is { Count: > 0 } chain ? $"{text}: {string.Join(", ", chain.Select(Format))}" : text;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 197), "...");
}

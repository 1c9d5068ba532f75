namespace Solvers.Testing.Cloudflare;

/// <summary>One request the fake received and its answer. Authentication header values are not kept.</summary>
public sealed record ApiExchange(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    string? RequestBody,
    int Status,
    string? ResponseBody,
    string? User,
    DateTimeOffset At);

using System.Text.Json;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>One call the certbot hook made to the host: the ChallengePayload it sent, the HTTP status (null when no
/// answer came) and the time from connecting to the complete answer.</summary>
internal sealed record HookCall(string Body, JsonElement Payload, int? Status, TimeSpan Elapsed)
{
    public JsonElement Request => Payload.GetProperty("request");

    public string Action => Request.GetProperty("action").GetString()!;

    public string DnsName => Request.GetProperty("dnsName").GetString()!;

    public override string ToString() => $"{Action} {DnsName} ({Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"})";

    /// <summary>Parses one line of the hook's log.</summary>
    public static HookCall Parse(string line)
    {
        using var entry = JsonDocument.Parse(line);
        var root = entry.RootElement;
        var body = root.GetProperty("body").GetString()!;
        using var payload = JsonDocument.Parse(body);
        return new HookCall(
            body,
            payload.RootElement.Clone(),
            root.GetProperty("status").ValueKind == JsonValueKind.Null ? null : root.GetProperty("status").GetInt32(),
            TimeSpan.FromSeconds(root.GetProperty("seconds").GetDouble()));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Solvers.Testing.Cloudflare;

/// <summary>One answer of the fake: the envelope <c>{success, errors, messages, result[, result_info]}</c>.</summary>
internal sealed record Answer(int Status, string Body, string ContentType = "application/json")
{
    public TimeSpan? RetryAfter { get; init; }

    public static Answer Success(JsonNode result) => new(200, new JsonObject
    {
        ["result"] = result,
        ["success"] = true,
        ["errors"] = new JsonArray(),
        ["messages"] = new JsonArray(),
    }.ToJsonString());

    public static Answer Collection(IEnumerable<JsonObject> items, int page, int perPage, int total) => new(200, new JsonObject
    {
        ["result"] = new JsonArray([.. items]),
        ["result_info"] = new JsonObject
        {
            ["page"] = page,
            ["per_page"] = perPage,
            ["count"] = Math.Max(0, Math.Min(perPage, total - ((page - 1) * perPage))),
            ["total_count"] = total,
            ["total_pages"] = Math.Max(1, (total + perPage - 1) / perPage),
        },
        ["success"] = true,
        ["errors"] = new JsonArray(),
        ["messages"] = new JsonArray(),
    }.ToJsonString());

    public static Answer Error(int status, int code, string message, params (int Code, string Message)[] chain)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (chain.Length > 0)
        {
            error["error_chain"] = new JsonArray([.. chain.Select(c => (JsonNode)new JsonObject { ["code"] = c.Code, ["message"] = c.Message })]);
        }

        return new(status, new JsonObject
        {
            ["success"] = false,
            ["errors"] = new JsonArray(error),
            ["messages"] = new JsonArray(),
            ["result"] = null,
        }.ToJsonString());
    }

    /// <summary>A 5xx page as Cloudflare's edge serves it: HTML, not the API envelope.</summary>
    public static Answer Html(int status) =>
        new(status, string.Create(CultureInfo.InvariantCulture, $"<html><head><title>{status}</title></head><body><h1>{status}</h1><p>cloudflare</p></body></html>"), "text/html");
}

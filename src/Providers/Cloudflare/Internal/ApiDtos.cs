using System.Text.Json;
using System.Text.Json.Serialization;

namespace Solvers.Providers.Cloudflare.Internal;

// The subset of the Cloudflare API v4 JSON that the solver reads and writes.
// https://developers.cloudflare.com/api/ (schemas dns-records_* and zones_* of the OpenAPI description)

/// <summary>The response envelope every Cloudflare API answer carries.</summary>
internal sealed record Envelope
{
    [JsonPropertyName("success")]
    public bool Success { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<ApiMessage>? Errors { get; init; }

    [JsonPropertyName("result")]
    public JsonElement Result { get; init; }

    [JsonPropertyName("result_info")]
    public ResultInfo? ResultInfo { get; init; }
}

internal sealed record ApiMessage
{
    [JsonPropertyName("code")]
    public int Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("error_chain")]
    public IReadOnlyList<ApiMessage>? ErrorChain { get; init; }
}

internal sealed record ResultInfo
{
    [JsonPropertyName("page")]
    public double Page { get; init; }

    [JsonPropertyName("total_pages")]
    public double? TotalPages { get; init; }

    [JsonPropertyName("count")]
    public double Count { get; init; }

    [JsonPropertyName("per_page")]
    public double PerPage { get; init; }
}

internal sealed record ZoneDto
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("account")]
    public AccountDto? Account { get; init; }
}

internal sealed record AccountDto
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

internal sealed record RecordDto
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("content")]
    public string? Content { get; init; }
}

/// <summary>The body of <c>POST /zones/{zone_id}/dns_records</c> for one TXT value.</summary>
internal sealed record CreateTxtRecord
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "TXT";

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("content")]
    public required string Content { get; init; }

    [JsonPropertyName("ttl")]
    public required int Ttl { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }
}

/// <summary>Serializer settings for the API: unknown fields ignored (the API adds fields), nulls omitted.</summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

using System.Text.Json;

namespace Solvers.SolverHost.Api;

/// <summary>Decodes a ChallengePayload body the way the Go apiserver's create handler does: case-sensitive field
/// names, absent <c>apiVersion</c>/<c>kind</c> defaulted, any other apiVersion refused, unknown and duplicate fields
/// reported as warnings (or refused with <c>?fieldValidation=Strict</c>).</summary>
internal static class ChallengePayloadReader
{
    public enum FieldValidation
    {
        Ignore,
        Warn,
        Strict,
    }

    /// <summary>The outcome: a request, or the Status to answer with. <see cref="Warnings"/> lists dropped fields.</summary>
    public sealed record Result(ChallengeRequest? Request, KubernetesStatus? Error, IReadOnlyList<string> Warnings);

    // The string fields of ChallengeRequest by their exact (case-sensitive) JSON names.
    private static readonly Dictionary<string, Func<ChallengeRequest, string, ChallengeRequest>> _stringFields = new(StringComparer.Ordinal)
    {
        ["uid"] = (r, v) => r with { Uid = v },
        ["action"] = (r, v) => r with { Action = v },
        ["type"] = (r, v) => r with { Type = v },
        ["dnsName"] = (r, v) => r with { DnsName = v },
        ["key"] = (r, v) => r with { Key = v },
        ["resourceNamespace"] = (r, v) => r with { ResourceNamespace = v },
        ["resolvedFQDN"] = (r, v) => r with { ResolvedFqdn = v },
        ["resolvedZone"] = (r, v) => r with { ResolvedZone = v },
    };

    public static Result Read(ReadOnlyMemory<byte> body, FieldValidation validation)
    {
        // Go would replace invalid UTF-8 with U+FFFD; refusing it says more and keeps bad bytes away from providers.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return Fail("request body is not valid JSON: it is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            return Fail($"request body is not valid JSON: {TrimJsonMessage(ex.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail($"request body must be a JSON object (a {ChallengePayload.Kind}), not {Describe(root.ValueKind)}");
            }

            var unknown = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            JsonElement? requestElement = null;
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    unknown.Add($"duplicate field \"{property.Name}\"");
                }

                switch (property.Name)
                {
                    case "apiVersion":
                        if (!TryString(property.Value, "apiVersion", out var apiVersion, out var error))
                        {
                            return Fail(error);
                        }

                        if (apiVersion.Length > 0 && apiVersion != ChallengePayload.ApiVersion)
                        {
                            return Fail($"the API version in the data ({apiVersion}) does not match the expected API version ({ChallengePayload.ApiVersion})");
                        }

                        break;
                    case "kind":
                        if (!TryString(property.Value, "kind", out var kind, out error))
                        {
                            return Fail(error);
                        }

                        if (kind.Length > 0 && kind != ChallengePayload.Kind)
                        {
                            return Fail($"the kind in the data ({kind}) does not match the expected kind ({ChallengePayload.Kind})");
                        }

                        break;
                    case "request":
                        requestElement = property.Value;
                        break;
                    case "response":
                        // Decoded by Go and then overwritten by the solver's answer; accepted and ignored here.
                        break;
                    default:
                        unknown.Add($"unknown field \"{property.Name}\"");
                        break;
                }
            }

            if (requestElement is not { ValueKind: not JsonValueKind.Null } requestValue)
            {
                return Fail("payload request field cannot be empty");
            }

            if (requestValue.ValueKind != JsonValueKind.Object)
            {
                return Fail($"request must be a JSON object, not {Describe(requestValue.ValueKind)}");
            }

            var (request, requestError) = ReadRequest(requestValue, unknown);
            if (requestError is not null)
            {
                return Fail(requestError);
            }

            if (validation == FieldValidation.Strict && unknown.Count > 0)
            {
                return Fail("strict decoding error: " + string.Join(", ", unknown));
            }

            return new Result(request, null, validation == FieldValidation.Warn ? unknown : []);
        }
    }

    private static (ChallengeRequest? Request, string? Error) ReadRequest(JsonElement element, List<string> unknown)
    {
        var request = new ChallengeRequest();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var path = "request." + property.Name;
            if (!seen.Add(property.Name))
            {
                unknown.Add($"duplicate field \"{path}\"");
            }

            if (_stringFields.TryGetValue(property.Name, out var set))
            {
                if (!TryString(property.Value, path, out var value, out var error))
                {
                    return (null, error);
                }

                request = set(request, value);
                continue;
            }

            switch (property.Name)
            {
                case "allowAmbientCredentials":
                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.True or JsonValueKind.False:
                            request = request with { AllowAmbientCredentials = property.Value.GetBoolean() };
                            break;
                        case JsonValueKind.Null:
                            break;
                        default:
                            return (null, $"request body is not a valid {ChallengePayload.Kind}: {path} must be true or false, not {Describe(property.Value.ValueKind)}");
                    }

                    break;
                case "config":
                    request = request with { Config = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.Clone() };
                    break;
                default:
                    unknown.Add($"unknown field \"{path}\"");
                    break;
            }
        }

        return (request, null);
    }

    private static bool TryString(JsonElement element, string path, out string value, out string error)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                value = element.GetString()!;
                error = string.Empty;
                return true;
            case JsonValueKind.Null:
                value = string.Empty;
                error = string.Empty;
                return true;
            default:
                value = string.Empty;
                error = $"request body is not a valid {ChallengePayload.Kind}: {path} must be a string, not {Describe(element.ValueKind)}";
                return false;
        }
    }

    private static Result Fail(string message) => new(null, KubernetesStatus.BadRequest(message), []);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 9."; keep the position, drop the noise.
    private static string TrimJsonMessage(string message) =>
        message.Replace(" LineNumber: 0 |", string.Empty, StringComparison.Ordinal).TrimEnd();
}

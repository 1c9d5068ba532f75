using System.Text.Json;

namespace Solvers.TestUtilities.Internal;

/// <summary>A create request's body after the apiserver's decoding steps: the root object, or the Status to
/// answer with; plus <c>Warning</c> texts for unknown or duplicate fields.</summary>
internal sealed record DecodedBody(JsonElement Root, KubeStatus? Error, IReadOnlyList<string> Warnings)
{
    /// <summary>Decodes <paramref name="body"/> as the apiserver's create handler would for <paramref name="kind"/>
    /// in <paramref name="group"/>/<paramref name="version"/>, checking it against <paramref name="schemaName"/>.</summary>
    public static DecodedBody Decode(string body, string? contentType, string? fieldValidation, string group, string version, string kind, OpenApiSchemas schemas, string schemaName)
    {
        if (!string.IsNullOrEmpty(contentType))
        {
            var mediaType = contentType.Split(';')[0].Trim();
            if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                return Fail(KubeStatus.UnsupportedMediaType());
            }
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            var reason = body.Trim().Length == 0 ? "unexpected end of JSON input" : e.Message;
            return Fail(KubeStatus.BadRequest($"couldn't get version/kind; json parse error: {reason}"));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            var jsonKind = root.ValueKind switch
            {
                JsonValueKind.Array => "array",
                JsonValueKind.String => "string",
                JsonValueKind.Number => "number",
                JsonValueKind.True or JsonValueKind.False => "bool",
                _ => "null",
            };
            return Fail(KubeStatus.BadRequest(
                $"couldn't get version/kind; json parse error: json: cannot unmarshal {jsonKind} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}"));
        }

        var expectedApiVersion = $"{group}/{version}";
        var apiVersion = JsonRead.String(root, "apiVersion");
        var sentKind = JsonRead.String(root, "kind");
        if (sentKind is not null && sentKind != kind)
        {
            return Fail(KubeStatus.BadRequest($"no kind \"{sentKind}\" is registered for version \"{apiVersion ?? expectedApiVersion}\" in scheme \"pkg/api/legacyscheme/scheme.go:30\""));
        }

        if (apiVersion is not null && apiVersion != expectedApiVersion)
        {
            return Fail(KubeStatus.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expectedApiVersion})"));
        }

        var check = schemas.Check(root, schemaName);
        if (check.TypeError is not null)
        {
            return Fail(KubeStatus.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {check.TypeError}"));
        }

        if (check.FieldProblems.Count > 0)
        {
            if (string.Equals(fieldValidation, "Strict", StringComparison.Ordinal))
            {
                return Fail(KubeStatus.BadRequest("strict decoding error: " + string.Join(", ", check.FieldProblems)));
            }

            if (string.Equals(fieldValidation, "Ignore", StringComparison.Ordinal))
            {
                return new DecodedBody(root, null, []);
            }
        }

        return new DecodedBody(root, null, check.FieldProblems);
    }

    private static DecodedBody Fail(KubeStatus status) => new(default, status, []);
}

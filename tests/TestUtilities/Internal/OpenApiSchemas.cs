using System.Globalization;
using System.Text.Json;

namespace Solvers.TestUtilities.Internal;

/// <summary>One embedded kube-apiserver OpenAPI v3 document, used to check JSON bodies the way the apiserver's
/// decoder does: a value of the wrong type fails the request, an unknown or duplicate field is a warning (or an
/// error under <c>fieldValidation=Strict</c>). <c>null</c> is accepted anywhere, as Go leaves the zero value.</summary>
internal sealed class OpenApiSchemas
{
    private const string RefPrefix = "#/components/schemas/";

    private readonly JsonElement _schemas;

    private OpenApiSchemas(JsonElement schemas) => _schemas = schemas;

    public static OpenApiSchemas Authentication { get; } = Load("apis__authentication.k8s.io__v1_openapi.json");

    public static OpenApiSchemas Authorization { get; } = Load("apis__authorization.k8s.io__v1_openapi.json");

    public bool Contains(string schemaName) => _schemas.TryGetProperty(schemaName, out _);

    /// <summary>Checks <paramref name="value"/> against <paramref name="schemaName"/>, e.g.
    /// <c>io.k8s.api.authentication.v1.TokenReview</c>.</summary>
    public SchemaCheck Check(JsonElement value, string schemaName)
    {
        var check = new SchemaCheck();
        var schema = _schemas.GetProperty(schemaName);
        Walk(value, schema, path: string.Empty, containingStruct: ShortName(schemaName), ownName: schemaName, check);
        return check;
    }

    private static OpenApiSchemas Load(string fileName)
    {
        using var stream = typeof(OpenApiSchemas).Assembly.GetManifestResourceStream("ApiSpecs." + fileName)
            ?? throw new InvalidOperationException($"embedded OpenAPI document {fileName} is missing");
        using var document = JsonDocument.Parse(stream);
        return new OpenApiSchemas(document.RootElement.GetProperty("components").GetProperty("schemas").Clone());
    }

    private static string ShortName(string schemaName) => schemaName[(schemaName.LastIndexOf('.') + 1)..];

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string JsonKind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    /// <summary>Follows <c>$ref</c> and single-element <c>allOf</c> wrappers; <paramref name="name"/> is the
    /// schema name reached through a reference, if any.</summary>
    private JsonElement Resolve(JsonElement schema, ref string? name)
    {
        while (true)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                name = reference.GetString()![RefPrefix.Length..];
                schema = _schemas.GetProperty(name);
                continue;
            }

            if (schema.TryGetProperty("allOf", out var allOf) && allOf.GetArrayLength() == 1)
            {
                schema = allOf[0];
                continue;
            }

            return schema;
        }
    }

    private string GoType(JsonElement schema)
    {
        string? name = null;
        schema = Resolve(schema, ref name);
        if (name is not null)
        {
            return "v1." + ShortName(name);
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return type switch
        {
            "string" when format == "byte" => "[]uint8",
            "string" => "string",
            "boolean" => "bool",
            "integer" => format ?? "int64",
            "number" => "float64",
            "array" => "[]" + (schema.TryGetProperty("items", out var items) ? GoType(items) : "interface {}"),
            "object" when schema.TryGetProperty("additionalProperties", out var values) => "map[string]" + GoType(values),
            _ => "map[string]interface {}",
        };
    }

    private void Walk(JsonElement value, JsonElement schema, string path, string containingStruct, string? ownName, SchemaCheck check)
    {
        if (check.TypeError is not null || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var goType = GoType(schema);
        var name = ownName;
        schema = Resolve(schema, ref name);
        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;

        if (schema.TryGetProperty("properties", out var properties))
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                check.TypeError = Mismatch(value, containingStruct, path, goType);
                return;
            }

            var structName = name is null ? containingStruct : ShortName(name);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject())
            {
                var childPath = Join(path, property.Name);
                if (!seen.Add(property.Name))
                {
                    check.FieldProblems.Add($"duplicate field \"{childPath}\"");
                }

                if (properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Walk(property.Value, propertySchema, childPath, structName, null, check);
                }
                else
                {
                    check.FieldProblems.Add($"unknown field \"{childPath}\"");
                }
            }

            return;
        }

        if (schema.TryGetProperty("x-kubernetes-int-or-string", out var intOrString) && intOrString.ValueKind == JsonValueKind.True)
        {
            if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                check.TypeError = Mismatch(value, containingStruct, path, "intstr.IntOrString");
            }

            return;
        }

        switch (type)
        {
            case "string" when value.ValueKind != JsonValueKind.String:
            case "boolean" when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False):
            case "number" when value.ValueKind != JsonValueKind.Number:
                check.TypeError = Mismatch(value, containingStruct, path, goType);
                return;

            case "integer":
                var fits = value.ValueKind == JsonValueKind.Number
                    && (goType == "int32" ? value.TryGetInt32(out _) : value.TryGetInt64(out _));
                if (!fits)
                {
                    check.TypeError = value.ValueKind == JsonValueKind.Number
                        ? $"json: cannot unmarshal number {value.GetRawText()} into Go struct field {containingStruct}.{path} of type {goType}"
                        : Mismatch(value, containingStruct, path, goType);
                }

                return;

            case "array":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    check.TypeError = Mismatch(value, containingStruct, path, goType);
                    return;
                }

                if (schema.TryGetProperty("items", out var items))
                {
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Walk(item, items, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), containingStruct, null, check);
                    }
                }

                return;

            case "object":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    check.TypeError = Mismatch(value, containingStruct, path, goType);
                    return;
                }

                if (schema.TryGetProperty("additionalProperties", out var valueSchema))
                {
                    foreach (var property in value.EnumerateObject())
                    {
                        Walk(property.Value, valueSchema, Join(path, property.Name), containingStruct, null, check);
                    }
                }

                return;

            default:
                // No type: free-form (RawExtension, FieldsV1) accepts anything.
                return;
        }
    }

    private static string Mismatch(JsonElement value, string containingStruct, string path, string goType) =>
        $"json: cannot unmarshal {JsonKind(value)} into Go struct field {containingStruct}.{path} of type {goType}";
}

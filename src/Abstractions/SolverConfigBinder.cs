using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Solvers.Abstractions;

/// <summary>Binds a request's <c>webhook.config</c> to a provider's config type, strictly: unknown fields, missing
/// required fields, nulls where none are allowed and failed data annotations are errors that name the JSON path.</summary>
/// <remarks>Property names match case-insensitively, as Go's <c>encoding/json</c> does for cert-manager's own configs.</remarks>
public static partial class SolverConfigBinder
{
    private static readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,

        // Go's encoding/json does not read numbers from strings; neither do we.
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
    };

    private static readonly JsonElement _emptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Binds <paramref name="config"/> (absent binds as <c>{}</c>) and validates the result.</summary>
    /// <exception cref="InvalidSolverConfigException">The config does not fit; the message names the JSON path.</exception>
    public static TConfig Bind<TConfig>(JsonElement? config)
        where TConfig : class
    {
        var element = config is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } value ? value : _emptyObject;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw InvalidSolverConfigException.AtPath("$", $"expected a JSON object, got {Describe(element.ValueKind)}");
        }

        TConfig? result;
        try
        {
            result = element.Deserialize<TConfig>(_options);
        }
        catch (JsonException ex)
        {
            throw Translate(ex, element, typeof(TConfig));
        }

        if (result is null)
        {
            throw InvalidSolverConfigException.AtPath("$", "expected a JSON object");
        }

        var errors = new List<string>();
        Validate(result, "$", errors, depth: 0);
        if (errors.Count > 0)
        {
            throw new InvalidSolverConfigException("invalid webhook.config at " + string.Join("; ", errors));
        }

        return result;
    }

    private static InvalidSolverConfigException Translate(JsonException ex, JsonElement root, Type rootType)
    {
        var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
        var message = ex.Message;

        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
        {
            var name = unmapped.Groups[1].Value;
            var fieldPath = path.EndsWith("." + name, StringComparison.Ordinal) ? path : $"{path}.{name}";
            return InvalidSolverConfigException.AtPath(fieldPath, "unknown field (check its spelling and nesting)");
        }

        var missing = MissingProperties().Match(message);
        if (missing.Success)
        {
            // System.Text.Json lists only the first few names; work out all of them from the type and the JSON.
            var names = MissingRequired(root, rootType, path)
                ?? [.. QuotedName().Matches(missing.Groups[1].Value).Select(m => m.Groups[1].Value)];
            return new InvalidSolverConfigException(
                "invalid webhook.config: " + string.Join("; ", names.Select(n => $"{path}.{n}: value is required")), ex);
        }

        var nullNotAllowed = NullNotAllowed().Match(message);
        if (nullNotAllowed.Success)
        {
            var name = nullNotAllowed.Groups[1].Value;
            var fieldPath = path.EndsWith("." + name, StringComparison.Ordinal) ? path : $"{path}.{name}";
            return new InvalidSolverConfigException($"invalid webhook.config at {fieldPath}: value must not be null", ex);
        }

        if (Resolve(root, rootType, path) is { Type: var fieldType } && (Nullable.GetUnderlyingType(fieldType) ?? fieldType) is { IsEnum: true } enumType)
        {
            return new InvalidSolverConfigException(
                $"invalid webhook.config at {path}: expected one of {string.Join(", ", Enum.GetNames(enumType))}", ex);
        }

        var conversion = ConversionFailed().Match(message);
        if (conversion.Success)
        {
            return new InvalidSolverConfigException(
                $"invalid webhook.config at {path}: expected {FriendlyType(conversion.Groups[1].Value)}", ex);
        }

        return new InvalidSolverConfigException($"invalid webhook.config at {path}: the value has the wrong shape", ex);
    }

    /// <summary>The JSON names of required properties absent from the object at <paramref name="path"/>.</summary>
    private static List<string>? MissingRequired(JsonElement root, Type rootType, string path)
    {
        if (Resolve(root, rootType, path) is not { Element: { ValueKind: JsonValueKind.Object } element, Type: var type })
        {
            return null;
        }

        var present = element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = _options.GetTypeInfo(type).Properties.Where(p => p.IsRequired && !present.Contains(p.Name)).Select(p => p.Name).ToList();
        return missing.Count > 0 ? missing : null;
    }

    /// <summary>Follows a <c>$.a.b</c> path through the JSON and the config type together, matching names as the
    /// binder does (case-insensitively); null when the path cannot be followed.</summary>
    private static (JsonElement? Element, Type Type)? Resolve(JsonElement root, Type rootType, string path)
    {
        if (path == "$")
        {
            return (root, rootType);
        }

        if (!path.StartsWith("$.", StringComparison.Ordinal) || path.Contains('[', StringComparison.Ordinal))
        {
            return null;
        }

        JsonElement? element = root;
        var type = rootType;
        foreach (var segment in path[2..].Split('.'))
        {
            var property = _options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type).Properties
                .FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
            element = element is { ValueKind: JsonValueKind.Object } current
                ? current.EnumerateObject().Where(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
                : null;
        }

        return (element, type);
    }

    private static void Validate(object instance, string path, List<string> errors, int depth)
    {
        if (depth > 8)
        {
            return;
        }

        foreach (var member in _members.GetOrAdd(instance.GetType(), Describe))
        {
            var value = member.Property.GetValue(instance);
            if (member.HasValidation)
            {
                var context = new ValidationContext(instance) { MemberName = member.Property.Name, DisplayName = member.JsonName };
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateProperty(value, context, results))
                {
                    errors.AddRange(results.Select(r => $"{path}.{member.JsonName}: {r.ErrorMessage}"));
                }
            }

            if (value is not null && member.IsNested)
            {
                Validate(value, $"{path}.{member.JsonName}", errors, depth + 1);
            }
        }

        if (instance is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(instance)))
            {
                var members = result.MemberNames.ToList();
                var where = members.Count == 0 ? path : string.Join(", ", members.Select(m => $"{path}.{JsonNamingPolicy.CamelCase.ConvertName(m)}"));
                errors.Add($"{where}: {result.ErrorMessage}");
            }
        }
    }

    // Reflection over a config type is done once; configs are validated on every request.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Member[]> _members = new();

    private static Member[] Describe(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => new Member(
                p,
                p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.GetCustomAttributes<ValidationAttribute>(inherit: true).Any(),
                IsNestedConfig(p.PropertyType))),
    ];

    private sealed record Member(PropertyInfo Property, string JsonName, bool HasValidation, bool IsNested);

    private static bool IsNestedConfig(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true;

    private static string FriendlyType(string clrType) => clrType switch
    {
        "System.String" => "a string",
        "System.Boolean" => "true or false",
        "System.Int32" or "System.Int64" or "System.UInt16" or "System.UInt32" or "System.Nullable`1[System.Int32]" => "a whole number",
        "System.Double" or "System.Decimal" => "a number",
        "System.TimeSpan" or "System.Nullable`1[System.TimeSpan]" => "a duration such as \"00:00:30\"",
        _ when clrType.Contains("[]", StringComparison.Ordinal) || clrType.Contains("List", StringComparison.Ordinal) => "a JSON array",
        _ when clrType.StartsWith("System.", StringComparison.Ordinal) => "a value of type " + clrType["System.".Length..],
        _ => "a JSON object or one of the allowed values",
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"missing required properties including: (.*)\.")]
    private static partial Regex MissingProperties();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"property or field '([^']*)' on type '[^']*' doesn't allow (setting|getting) null")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex(@"could not be converted to ([^.\s]+(\.[^.\s]+)*)\.")]
    private static partial Regex ConversionFailed();
}

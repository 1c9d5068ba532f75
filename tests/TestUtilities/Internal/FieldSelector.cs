namespace Solvers.TestUtilities.Internal;

/// <summary>A parsed <c>fieldSelector</c> (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, comma-separated), limited to the
/// fields the real registry supports for the resource.</summary>
internal sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([]);

    private readonly IReadOnlyList<(string Field, bool IsEqual, string Value)> _requirements;

    private FieldSelector(IReadOnlyList<(string Field, bool IsEqual, string Value)> requirements) => _requirements = requirements;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> is the apiserver's message.</summary>
    public static FieldSelector? Parse(string? text, ResourceType type, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var requirements = new List<(string, bool, string)>();
        foreach (var term in text.Split(','))
        {
            string field;
            string value;
            bool equals;
            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            var doubleEqual = term.IndexOf("==", StringComparison.Ordinal);
            var equal = term.IndexOf('=', StringComparison.Ordinal);
            if (notEqual >= 0)
            {
                (field, value, equals) = (term[..notEqual], term[(notEqual + 2)..], false);
            }
            else if (doubleEqual >= 0)
            {
                (field, value, equals) = (term[..doubleEqual], term[(doubleEqual + 2)..], true);
            }
            else if (equal >= 0)
            {
                (field, value, equals) = (term[..equal], term[(equal + 1)..], true);
            }
            else
            {
                error = $"invalid selector: '{text}'; can't understand '{term}'";
                return null;
            }

            field = field.Trim();
            if (!type.SelectableFields.Contains(field))
            {
                error = $"field label not supported: {field}";
                return null;
            }

            requirements.Add((field, equals, value.Trim()));
        }

        return new FieldSelector(requirements);
    }

    public bool Matches(StoredObject item)
    {
        foreach (var (field, equals, value) in _requirements)
        {
            var actual = field switch
            {
                "metadata.name" => item.Name,
                "metadata.namespace" => item.Namespace,
                "type" => item.SecretType ?? string.Empty,
                _ => string.Empty,
            };

            if (string.Equals(actual, value, StringComparison.Ordinal) != equals)
            {
                return false;
            }
        }

        return true;
    }
}

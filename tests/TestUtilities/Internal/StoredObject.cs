using System.Text.Json;

namespace Solvers.TestUtilities.Internal;

/// <summary>One ConfigMap or Secret held by the fake. Immutable; every change is a new instance with a new
/// resourceVersion.</summary>
internal sealed record StoredObject(
    ResourceType Type,
    string Namespace,
    string Name,
    string Uid,
    long ResourceVersion,
    DateTimeOffset CreationTimestamp,
    IReadOnlyDictionary<string, string>? StringData,
    IReadOnlyDictionary<string, byte[]>? BinaryData,
    string? SecretType)
{
    /// <summary>Writes the object; list items omit <c>kind</c>/<c>apiVersion</c>, as in real list responses.</summary>
    public void WriteTo(Utf8JsonWriter writer, bool includeTypeMeta)
    {
        writer.WriteStartObject();
        if (includeTypeMeta)
        {
            writer.WriteString("kind", Type.Kind);
            writer.WriteString("apiVersion", "v1");
        }

        writer.WriteStartObject("metadata");
        writer.WriteString("name", Name);
        writer.WriteString("namespace", Namespace);
        writer.WriteString("uid", Uid);
        writer.WriteString("resourceVersion", ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("creationTimestamp", KubeJson.Timestamp(CreationTimestamp));
        writer.WriteEndObject();

        if (StringData is { Count: > 0 })
        {
            KubeJson.WriteStringMap(writer, "data", StringData);
        }

        if (BinaryData is { Count: > 0 })
        {
            writer.WriteStartObject("data");
            foreach (var (key, value) in BinaryData.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteBase64String(key, value);
            }

            writer.WriteEndObject();
        }

        if (SecretType is not null)
        {
            writer.WriteString("type", SecretType);
        }

        writer.WriteEndObject();
    }

    public bool SameContentAs(StoredObject other) =>
        SecretType == other.SecretType
        && MapsEqual(StringData, other.StringData, string.Equals)
        && MapsEqual(BinaryData, other.BinaryData, (a, b) => a.AsSpan().SequenceEqual(b));

    private static bool MapsEqual<T>(IReadOnlyDictionary<string, T>? left, IReadOnlyDictionary<string, T>? right, Func<T, T, bool> equal)
    {
        var leftCount = left?.Count ?? 0;
        var rightCount = right?.Count ?? 0;
        if (leftCount != rightCount)
        {
            return false;
        }

        if (leftCount == 0)
        {
            return true;
        }

        foreach (var (key, value) in left!)
        {
            if (!right!.TryGetValue(key, out var other) || !equal(value, other))
            {
                return false;
            }
        }

        return true;
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Solvers.TestUtilities.Internal;

/// <summary>Writes JSON the way the kube-apiserver's Go encoder does: compact, Go string escaping, map keys sorted,
/// and a trailing newline after each document (<c>json.Encoder.Encode</c>).</summary>
internal static class KubeJson
{
    private static readonly JsonWriterOptions _writerOptions = new() { Encoder = GoJsonEncoder.Instance };

    public static byte[] Document(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            write(writer);
        }

        var result = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(result);
        result[^1] = (byte)'\n';
        return result;
    }

    /// <summary>A JSON array of strings without the trailing newline (the ConfigMap values of
    /// <c>extension-apiserver-authentication</c>, Go <c>json.Marshal([]string)</c>).</summary>
    public static string StringArray(IEnumerable<string> values)
    {
        var bytes = Document(w =>
        {
            w.WriteStartArray();
            foreach (var value in values)
            {
                w.WriteStringValue(value);
            }

            w.WriteEndArray();
        });
        return System.Text.Encoding.UTF8.GetString(bytes, 0, bytes.Length - 1);
    }

    /// <summary>RFC 3339 with second precision in UTC, like <c>metav1.Time</c>.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static void WriteStringMap(Utf8JsonWriter writer, string name, IEnumerable<KeyValuePair<string, string>> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    public static void WriteStringArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary><c>map[string][]string</c> with <c>omitempty</c>: nothing is written for an empty map.</summary>
    public static void WriteExtra(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, IReadOnlyList<string>> extra)
    {
        if (extra.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, values) in extra.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // A nil ExtraValue marshals as null; the fake never holds one, so an empty list is [].
            WriteStringArray(writer, key, values);
        }

        writer.WriteEndObject();
    }

    public static void WriteIfNotEmpty(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}

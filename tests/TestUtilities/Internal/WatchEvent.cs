using System.Globalization;
using System.Text.Json;

namespace Solvers.TestUtilities.Internal;

/// <summary>One line of a watch stream: <c>{"type":"ADDED","object":{…}}</c>. BOOKMARK objects carry only
/// <c>kind</c>, <c>apiVersion</c> and <c>metadata.resourceVersion</c>; ERROR objects are a Status.</summary>
internal sealed record WatchEvent(string Type, ResourceType Resource, StoredObject? Object, long ResourceVersion, bool InitialEventsEnd = false, KubeStatus? Error = null)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Failure = "ERROR";

    public byte[] ToJson() => KubeJson.Document(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WritePropertyName("object");
        if (Error is not null)
        {
            Error.WriteTo(writer);
        }
        else if (Object is not null)
        {
            Object.WriteTo(writer, includeTypeMeta: true);
        }
        else
        {
            WriteBookmarkObject(writer);
        }

        writer.WriteEndObject();
    });

    private void WriteBookmarkObject(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Resource.Kind);
        writer.WriteString("apiVersion", "v1");
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", ResourceVersion.ToString(CultureInfo.InvariantCulture));
        if (InitialEventsEnd)
        {
            writer.WriteStartObject("annotations");
            writer.WriteString("k8s.io/initial-events-end", "true");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Solvers.SolverHost.Hosting;
using Solvers.SolverHost.Solving;

namespace Solvers.SolverHost.Api;

/// <summary>The discovery documents of the solver group, encoded once: APIGroupList, APIGroup, APIResourceList and
/// aggregated discovery v2, field for field as the Go apiserver serves them.</summary>
internal sealed class DiscoveryDocuments
{
    public const string Version = "v1alpha1";
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    public DiscoveryDocuments(IOptions<SolverHostOptions> options, SolverRegistry registry)
    {
        Group = options.Value.GroupName;
        GroupVersion = $"{Group}/{Version}";
        ApiGroupList = Encode(w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", "APIGroupList");
            w.WriteString("apiVersion", "v1");
            w.WriteStartArray("groups");
            WriteApiGroup(w, includeTypeMeta: false);
            w.WriteEndArray();
            w.WriteEndObject();
        });
        ApiGroup = Encode(w => WriteApiGroup(w, includeTypeMeta: true));
        ApiResourceList = Encode(w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", "APIResourceList");
            w.WriteString("apiVersion", "v1");
            w.WriteString("groupVersion", GroupVersion);
            w.WriteStartArray("resources");
            foreach (var name in registry.Names)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("singularName", ChallengePayload.Kind);
                w.WriteBoolean("namespaced", false);
                w.WriteString("group", ChallengePayload.Group);
                w.WriteString("version", ChallengePayload.Version);
                w.WriteString("kind", ChallengePayload.Kind);
                w.WriteStartArray("verbs");
                w.WriteStringValue("create");
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        AggregatedDiscovery = Encode(w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", "APIGroupDiscoveryList");
            w.WriteString("apiVersion", "apidiscovery.k8s.io/v2");
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteStartArray("items");
            w.WriteStartObject();
            w.WriteStartObject("metadata");
            w.WriteString("name", Group);
            w.WriteEndObject();
            w.WriteStartArray("versions");
            w.WriteStartObject();
            w.WriteString("version", Version);
            w.WriteStartArray("resources");
            foreach (var name in registry.Names)
            {
                w.WriteStartObject();
                w.WriteString("resource", name);
                w.WriteStartObject("responseKind");
                w.WriteString("group", ChallengePayload.Group);
                w.WriteString("version", ChallengePayload.Version);
                w.WriteString("kind", ChallengePayload.Kind);
                w.WriteEndObject();
                w.WriteString("scope", "Cluster");
                w.WriteString("singularResource", ChallengePayload.Kind);
                w.WriteStartArray("verbs");
                w.WriteStringValue("create");
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("freshness", "Current");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
        AggregatedDiscoveryETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(AggregatedDiscovery))}\"";
    }

    public string Group { get; }

    public string GroupVersion { get; }

    public byte[] ApiGroupList { get; }

    public byte[] ApiGroup { get; }

    public byte[] ApiResourceList { get; }

    public byte[] AggregatedDiscovery { get; }

    public string AggregatedDiscoveryETag { get; }

    private void WriteApiGroup(Utf8JsonWriter w, bool includeTypeMeta)
    {
        w.WriteStartObject();
        if (includeTypeMeta)
        {
            w.WriteString("kind", "APIGroup");
            w.WriteString("apiVersion", "v1");
        }

        w.WriteString("name", Group);
        w.WriteStartArray("versions");
        WriteGroupVersion(w);
        w.WriteEndArray();
        w.WritePropertyName("preferredVersion");
        WriteGroupVersion(w);
        w.WriteEndObject();
    }

    private void WriteGroupVersion(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("groupVersion", GroupVersion);
        w.WriteString("version", Version);
        w.WriteEndObject();
    }

    private static byte[] Encode(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            write(writer);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}

using System.Buffers;
using System.Text.Json;

namespace Solvers.SolverHost.Api;

/// <summary>Encodes the answer exactly as the Go apiserver does: TypeMeta first, the request echoed with Go's
/// omitempty rules, and a <c>response</c> that is always present.</summary>
internal static class ChallengePayloadWriter
{
    public static void Write(IBufferWriter<byte> output, ChallengeRequest request, ChallengeResponse response)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("kind"u8, ChallengePayload.Kind);
        writer.WriteString("apiVersion"u8, ChallengePayload.ApiVersion);

        writer.WriteStartObject("request"u8);
        writer.WriteString("uid"u8, request.Uid);
        writer.WriteString("action"u8, request.Action);
        writer.WriteString("type"u8, request.Type);
        writer.WriteString("dnsName"u8, request.DnsName);
        writer.WriteString("key"u8, request.Key);
        writer.WriteString("resourceNamespace"u8, request.ResourceNamespace);
        if (request.ResolvedFqdn.Length > 0)
        {
            writer.WriteString("resolvedFQDN"u8, request.ResolvedFqdn);
        }

        if (request.ResolvedZone.Length > 0)
        {
            writer.WriteString("resolvedZone"u8, request.ResolvedZone);
        }

        writer.WriteBoolean("allowAmbientCredentials"u8, request.AllowAmbientCredentials);
        if (request.Config is { } config)
        {
            writer.WritePropertyName("config"u8);
            config.WriteTo(writer);
        }

        writer.WriteEndObject();

        writer.WriteStartObject("response"u8);
        writer.WriteString("uid"u8, response.Uid);
        writer.WriteBoolean("success"u8, response.Success);
        if (response.Message is not null)
        {
            writer.WriteStartObject("status"u8);
            writer.WriteStartObject("metadata"u8);
            writer.WriteEndObject();
            writer.WriteString("status"u8, "Failed");
            writer.WriteString("message"u8, response.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n"u8);
    }
}

using System.Text.Json;

namespace Solvers.TestUtilities.Internal;

/// <summary>Reads TokenReview requests and writes the response object the way the apiserver does.</summary>
internal static class TokenReviewCodec
{
    public const string Group = "authentication.k8s.io";
    public const string Version = "v1";
    public const string Kind = "TokenReview";
    public const string Resource = "tokenreviews";
    public const string Schema = "io.k8s.api.authentication.v1.TokenReview";

    public static TokenReviewRequest Read(JsonElement root)
    {
        var spec = JsonRead.Property(root, "spec") ?? default;
        return new TokenReviewRequest(JsonRead.String(spec, "token") ?? string.Empty, JsonRead.Strings(spec, "audiences"));
    }

    /// <summary>The response: the request echoed with <c>status</c> filled in. Go's <c>omitempty</c> drops
    /// <c>authenticated: false</c>; <c>user</c> is a struct and always present, <c>{}</c> when empty.</summary>
    public static byte[] Write(JsonElement root, TokenReviewRequest request, TokenReviewAnswer answer, IReadOnlyList<string> audiences) => KubeJson.Document(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Kind);
        writer.WriteString("apiVersion", $"{Group}/{Version}");
        WriteMetadata(writer, root);

        writer.WriteStartObject("spec");
        writer.WriteString("token", request.Token);
        if (request.Audiences.Count > 0)
        {
            KubeJson.WriteStringArray(writer, "audiences", request.Audiences);
        }

        writer.WriteEndObject();

        writer.WriteStartObject("status");
        if (answer.Authenticated)
        {
            writer.WriteBoolean("authenticated", true);
        }

        writer.WriteStartObject("user");
        if (answer.User is { } user)
        {
            KubeJson.WriteIfNotEmpty(writer, "username", user.Username);
            KubeJson.WriteIfNotEmpty(writer, "uid", user.Uid);
            if (user.Groups.Count > 0)
            {
                KubeJson.WriteStringArray(writer, "groups", user.Groups);
            }

            KubeJson.WriteExtra(writer, "extra", user.Extra);
        }

        writer.WriteEndObject();

        if (answer.User is not null && audiences.Count > 0)
        {
            KubeJson.WriteStringArray(writer, "audiences", audiences);
        }

        KubeJson.WriteIfNotEmpty(writer, "error", answer.Error);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>The request's metadata as sent, or <c>{}</c>.</summary>
    public static void WriteMetadata(Utf8JsonWriter writer, JsonElement root)
    {
        writer.WritePropertyName("metadata");
        if (JsonRead.Property(root, "metadata") is { ValueKind: JsonValueKind.Object } metadata)
        {
            metadata.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }
}

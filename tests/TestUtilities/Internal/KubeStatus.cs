using System.Text.Json;

namespace Solvers.TestUtilities.Internal;

/// <summary>A <c>metav1.Status</c> failure, written field for field as the kube-apiserver writes it
/// (<c>k8s.io/apimachinery/pkg/api/errors</c> constructors). <paramref name="HasDetails"/> distinguishes an
/// absent <c>details</c> from <c>"details":{}</c>.</summary>
internal sealed record KubeStatus(
    int Code,
    string Reason,
    string Message,
    bool HasDetails = false,
    string? DetailsName = null,
    string? DetailsGroup = null,
    string? DetailsKind = null,
    IReadOnlyList<StatusCause>? Causes = null,
    int RetryAfterSeconds = 0)
{
    public static KubeStatus Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    /// <summary><c>NewNotFound</c>: <c>secrets "x" not found</c>.</summary>
    public static KubeStatus NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", true, name, group, resource);

    /// <summary>What the apiserver's mux answers for a path it does not serve.</summary>
    public static KubeStatus PathNotFound() => new(404, "NotFound", "the server could not find the requested resource", true);

    public static KubeStatus MethodNotAllowed() => new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", true);

    public static KubeStatus NotAcceptable() =>
        new(406, "NotAcceptable", "only the following media types are accepted: application/json");

    public static KubeStatus UnsupportedMediaType() =>
        new(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json");

    public static KubeStatus BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary><c>NewForbidden</c>: <c>secrets "x" is forbidden: User "u" cannot get resource …</c>.</summary>
    public static KubeStatus Forbidden(string group, string resource, string? name, string reason)
    {
        string message;
        if (resource.Length == 0 && group.Length == 0)
        {
            message = $"forbidden: {reason}";
        }
        else if (string.IsNullOrEmpty(name))
        {
            message = $"{Qualified(group, resource)} is forbidden: {reason}";
        }
        else
        {
            message = $"{Qualified(group, resource)} \"{name}\" is forbidden: {reason}";
        }

        return new(403, "Forbidden", message, true, name, group, resource);
    }

    /// <summary><c>NewInvalid</c>: <c>{kind}.{group} "{name}" is invalid: {errors}</c>, one cause per field error.</summary>
    public static KubeStatus Invalid(string group, string kind, string name, IReadOnlyList<(string Field, string Body)> errors)
    {
        var rendered = errors.Select(e => $"{e.Field}: {e.Body}").ToList();
        var aggregate = rendered.Count == 1 ? rendered[0] : "[" + string.Join(", ", rendered) + "]";
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return new(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {aggregate}", true, name, group, kind,
            errors.Select(e => new StatusCause("FieldValueInvalid", e.Body, e.Field)).ToList());
    }

    /// <summary>The watch cache's answer to a resourceVersion older than its window.</summary>
    public static KubeStatus Expired(string message) => new(410, "Expired", message);

    /// <summary><c>NewTooLargeResourceVersionError</c>.</summary>
    public static KubeStatus TooLargeResourceVersion(long requested, long current) =>
        new(504, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}", true,
            Causes: [new StatusCause("ResourceVersionTooLarge", "Too large resource version", null)], RetryAfterSeconds: 1);

    public static KubeStatus InternalError(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}", true, Causes: [new StatusCause(null, message, null)]);

    public static KubeStatus ServiceUnavailable() => new(503, "ServiceUnavailable", "the server is currently unable to handle the request");

    /// <summary><c>schema.GroupResource.String()</c>: <c>secrets</c>, <c>tokenreviews.authentication.k8s.io</c>.</summary>
    public static string Qualified(string group, string resource) => group.Length == 0 ? resource : $"{resource}.{group}";

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "Status");
        writer.WriteString("apiVersion", "v1");
        writer.WriteStartObject("metadata");
        writer.WriteEndObject();
        writer.WriteString("status", "Failure");
        KubeJson.WriteIfNotEmpty(writer, "message", Message);
        KubeJson.WriteIfNotEmpty(writer, "reason", Reason);
        if (HasDetails)
        {
            writer.WriteStartObject("details");
            KubeJson.WriteIfNotEmpty(writer, "name", DetailsName);
            KubeJson.WriteIfNotEmpty(writer, "group", DetailsGroup);
            KubeJson.WriteIfNotEmpty(writer, "kind", DetailsKind);
            if (Causes is { Count: > 0 })
            {
                writer.WriteStartArray("causes");
                foreach (var cause in Causes)
                {
                    writer.WriteStartObject();
                    KubeJson.WriteIfNotEmpty(writer, "reason", cause.Reason);
                    KubeJson.WriteIfNotEmpty(writer, "message", cause.Message);
                    KubeJson.WriteIfNotEmpty(writer, "field", cause.Field);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            if (RetryAfterSeconds != 0)
            {
                writer.WriteNumber("retryAfterSeconds", RetryAfterSeconds);
            }

            writer.WriteEndObject();
        }

        writer.WriteNumber("code", Code);
        writer.WriteEndObject();
    }

    public byte[] ToJson() => KubeJson.Document(WriteTo);
}

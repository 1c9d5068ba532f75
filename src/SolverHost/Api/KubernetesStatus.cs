using System.Buffers;
using System.Text.Json;

namespace Solvers.SolverHost.Api;

/// <summary>A Kubernetes <c>meta/v1 Status</c> failure that writes itself as the response, as the Go apiserver
/// answers errors: <c>{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",...}</c>.</summary>
internal sealed record KubernetesStatus(int Code, string Reason, string Message, StatusDetails? Details = null) : IResult
{
    public static KubernetesStatus BadRequest(string message) => new(StatusCodes.Status400BadRequest, "BadRequest", message);

    public static KubernetesStatus NotFound(string message = "the server could not find the requested resource", StatusDetails? details = null) =>
        new(StatusCodes.Status404NotFound, "NotFound", message, details ?? new StatusDetails());

    public static KubernetesStatus MethodNotAllowed() =>
        new(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "the server does not allow this method on the requested resource", new StatusDetails());

    public static KubernetesStatus UnsupportedMediaType(string message) =>
        new(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", message);

    public static KubernetesStatus RequestEntityTooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = Code;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        return response.Body.WriteAsync(ToJson()).AsTask();
    }

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "Status");
            writer.WriteString("apiVersion", "v1");
            writer.WriteStartObject("metadata");
            writer.WriteEndObject();
            writer.WriteString("status", "Failure");
            writer.WriteString("message", Message);
            writer.WriteString("reason", Reason);
            if (Details is not null)
            {
                writer.WriteStartObject("details");
                if (Details.Group is not null)
                {
                    writer.WriteString("group", Details.Group);
                }

                if (Details.Kind is not null)
                {
                    writer.WriteString("kind", Details.Kind);
                }

                writer.WriteEndObject();
            }

            writer.WriteNumber("code", Code);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>The <c>details</c> of a <see cref="KubernetesStatus"/>.</summary>
internal sealed record StatusDetails(string? Group = null, string? Kind = null);

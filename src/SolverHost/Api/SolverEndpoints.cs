using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Net.Http.Headers;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Security;
using Solvers.SolverHost.Solving;

namespace Solvers.SolverHost.Api;

/// <summary><c>POST /apis/&lt;group&gt;/v1alpha1/&lt;solver&gt;</c>: decodes the ChallengePayload, runs the solver and
/// echoes the payload with <c>response</c> filled, as cert-manager's Go webhook server does.</summary>
internal static class SolverEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/apis/{group}/" + DiscoveryDocuments.Version + "/{solver}", HandleAsync)
            .RequireAuthorization(SolverAuthentication.ApiPolicy);
    }

    private static async Task HandleAsync(
        HttpContext context,
        string group,
        string solver,
        DiscoveryDocuments discovery,
        SolverRegistry registry,
        SolverDispatcher dispatcher,
        SolverMetrics metrics,
        ILogger<SolverDispatcher> logger)
    {
        var auditId = AuditId(context);
        if (group != discovery.Group || !registry.TryGet(solver, out var dnsSolver))
        {
            var notFound = group != discovery.Group
                ? KubernetesStatus.NotFound()
                : KubernetesStatus.NotFound(
                    $"the server could not find the requested resource: no solver named \"{solver}\" in group {group} (solvers: {string.Join(", ", registry.Names)})",
                    new StatusDetails(group, solver));
            await RejectAsync(context, logger, notFound, auditId);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await RejectAsync(context, logger, KubernetesStatus.MethodNotAllowed(), auditId);
            return;
        }

        var mediaTypeError = CheckContentType(context.Request);
        if (mediaTypeError is not null)
        {
            metrics.RecordRejected(solver);
            await RejectAsync(context, logger, mediaTypeError, auditId);
            return;
        }

        var body = await ReadBodyAsync(context.Request.BodyReader, context.Request.ContentLength, context.RequestAborted);
        if (body is null)
        {
            metrics.RecordRejected(solver);
            await RejectAsync(context, logger, KubernetesStatus.RequestEntityTooLarge(ChallengePayload.MaxBodyBytes), auditId);
            return;
        }

        var decoded = ChallengePayloadReader.Read(body.Value, FieldValidationOf(context.Request));
        if (decoded.Error is not null)
        {
            metrics.RecordRejected(solver);
            await RejectAsync(context, logger, decoded.Error, auditId);
            return;
        }

        var request = decoded.Request!;
        if (request.Action is not (ChallengeActions.Present or ChallengeActions.CleanUp))
        {
            metrics.RecordRejected(solver);
            var unknownAction = KubernetesStatus.BadRequest(
                $"unknown action type \"{request.Action}\": request.action must be \"{ChallengeActions.Present}\" or \"{ChallengeActions.CleanUp}\"");
            await RejectAsync(context, logger, unknownAction, auditId);
            return;
        }

        var response = await dispatcher.DispatchAsync(dnsSolver, request, auditId, context.RequestAborted);

        foreach (var warning in decoded.Warnings)
        {
            // The apiserver's warning header format: 299 - "<text>" with quotes escaped.
            context.Response.Headers.Append(HeaderNames.Warning, $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        var output = new ArrayBufferWriter<byte>(1024);
        ChallengePayloadWriter.Write(output, request, response);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        context.Response.ContentLength = output.WrittenCount;
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted);
    }

    private static Task RejectAsync(HttpContext context, ILogger logger, KubernetesStatus status, string auditId)
    {
        Log.RequestRejected(logger, status.Code, context.Request.Path.Value ?? string.Empty, auditId, status.Message);
        return status.ExecuteAsync(context);
    }

    private static string AuditId(HttpContext context)
    {
        // The kube-apiserver sends its Audit-Id; echo it so both logs can be joined.
        var incoming = context.Request.Headers["Audit-Id"].ToString();
        var auditId = incoming.Length is > 0 and <= 128 ? incoming : context.TraceIdentifier;
        context.Response.Headers["Audit-Id"] = auditId;
        return auditId;
    }

    private static KubernetesStatus? CheckContentType(HttpRequest request)
    {
        var contentType = request.ContentType;

        // As in the Go apiserver, a request without a Content-Type is read as JSON.
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        if (MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return KubernetesStatus.UnsupportedMediaType(
            $"the body of the request was in an unknown format - accepted media types include: application/json (got \"{contentType}\")");
    }

    private static ChallengePayloadReader.FieldValidation FieldValidationOf(HttpRequest request) =>
        request.Query["fieldValidation"].ToString() switch
        {
            "Strict" => ChallengePayloadReader.FieldValidation.Strict,
            "Ignore" => ChallengePayloadReader.FieldValidation.Ignore,
            _ => ChallengePayloadReader.FieldValidation.Warn,
        };

    /// <summary>Reads the whole body, or returns null once it exceeds <see cref="ChallengePayload.MaxBodyBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(PipeReader reader, long? contentLength, CancellationToken cancellationToken)
    {
        if (contentLength > ChallengePayload.MaxBodyBytes)
        {
            return null;
        }

        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > ChallengePayload.MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (result.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}

using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Net.Http.Headers;
using Solvers.SolverHost.Security;

namespace Solvers.SolverHost.Api;

/// <summary>Discovery (<c>/apis</c>, <c>/apis/&lt;group&gt;</c>, <c>/apis/&lt;group&gt;/v1alpha1</c>) and <c>/version</c>.</summary>
internal static class DiscoveryEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/apis", (HttpContext context, DiscoveryDocuments documents) =>
        {
            context.Response.Headers.Vary = "Accept";
            if (WantsAggregatedDiscovery(context.Request))
            {
                context.Response.Headers.ETag = documents.AggregatedDiscoveryETag;
                if (context.Request.Headers.IfNoneMatch.Contains(documents.AggregatedDiscoveryETag))
                {
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                }

                return Json(documents.AggregatedDiscovery, DiscoveryDocuments.AggregatedContentType);
            }

            return Json(documents.ApiGroupList);
        }).RequireAuthorization(SolverAuthentication.ApiPolicy);

        endpoints.MapGet("/apis/{group}", (string group, DiscoveryDocuments documents) =>
            group == documents.Group ? Json(documents.ApiGroup) : (IResult)KubernetesStatus.NotFound())
            .RequireAuthorization(SolverAuthentication.ApiPolicy);

        endpoints.MapGet("/apis/{group}/{version}", (string group, string version, DiscoveryDocuments documents) =>
            group == documents.Group && version == DiscoveryDocuments.Version ? Json(documents.ApiResourceList) : (IResult)KubernetesStatus.NotFound())
            .RequireAuthorization(SolverAuthentication.ApiPolicy);

        var version = VersionDocument();
        endpoints.MapGet("/version", () => Json(version)).RequireAuthorization(SolverAuthentication.ApiPolicy);
    }

    private static bool WantsAggregatedDiscovery(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        // Clients list v2 first and fall back to plain JSON; take v2 when it is offered at all.
        return accepted.Any(m =>
            m.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && Parameter(m, "g") == "apidiscovery.k8s.io" && Parameter(m, "v") == "v2" && Parameter(m, "as") == "APIGroupDiscoveryList");
    }

    private static string? Parameter(MediaTypeHeaderValue mediaType, string name) =>
        mediaType.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value.Value;

    private static CachedJsonResult Json(byte[] body, string contentType = "application/json") => new CachedJsonResult(body, contentType);

    private static byte[] VersionDocument()
    {
        var informational = typeof(DiscoveryEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var semver = plus < 0 ? informational : informational[..plus];
        var commit = plus < 0 ? string.Empty : informational[(plus + 1)..];
        var parts = semver.Split('.', '-');
        var document = new Dictionary<string, string>
        {
            ["major"] = parts[0],
            ["minor"] = parts.Length > 1 ? parts[1] : "0",
            ["gitVersion"] = "v" + semver,
            ["gitCommit"] = commit,
            ["gitTreeState"] = commit.Length > 0 ? "clean" : string.Empty,
            ["buildDate"] = string.Empty,
            ["goVersion"] = string.Empty,
            ["compiler"] = RuntimeInformation.FrameworkDescription,
            ["platform"] = $"{(OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : "darwin")}/{GoArchitecture()}",
        };
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document);
    }

    private static string GoArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>A pre-encoded JSON body.</summary>
    private sealed class CachedJsonResult(byte[] body, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = contentType;
            httpContext.Response.Headers.CacheControl = "no-cache, private";
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body).AsTask();
        }
    }
}

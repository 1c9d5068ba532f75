using System.Text;

namespace Solvers.SolverHost.Health;

/// <summary>Serves <c>/healthz</c>, <c>/livez</c>, <c>/readyz</c> (and <c>/&lt;endpoint&gt;/&lt;check&gt;</c>) with the
/// Go apiserver's text format, so kubelet probes and people used to it read them the same way.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        MapOne(endpoints, "healthz", state => state.LivenessChecks);
        MapOne(endpoints, "livez", state => state.LivenessChecks);
        MapOne(endpoints, "readyz", state => state.ReadinessChecks);
    }

    private static void MapOne(IEndpointRouteBuilder endpoints, string name, Func<HealthState, IReadOnlyList<string>> checks)
    {
        endpoints.MapGet("/" + name, (HttpContext context, HealthState state) => Report(context, name, checks(state), state)).AllowAnonymous();
        endpoints.MapGet("/" + name + "/{**check}", (string check, HealthState state) =>
        {
            if (!checks(state).Contains(check, StringComparer.Ordinal))
            {
                return Results.Text("404 page not found\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            }

            var failure = state.Evaluate(check);
            return failure is null
                ? Results.Text("ok", "text/plain; charset=utf-8")
                : Results.Text($"internal server error: {failure}\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status500InternalServerError);
        }).AllowAnonymous();
    }

    private static IResult Report(HttpContext context, string name, IReadOnlyList<string> checks, HealthState state)
    {
        var excluded = context.Request.Query["exclude"].Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal);
        var verbose = context.Request.Query.ContainsKey("verbose");
        var failed = false;
        var lines = new StringBuilder();
        foreach (var check in checks)
        {
            if (excluded.Contains(check))
            {
                lines.Append("[+]").Append(check).Append(" excluded: ok\n");
                continue;
            }

            var failure = state.Evaluate(check);
            failed |= failure is not null;
            lines.Append(failure is null ? "[+]" : "[-]").Append(check).Append(failure is null ? " ok\n" : " failed: reason withheld\n");
        }

        context.Response.Headers.CacheControl = "no-cache, private";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        if (failed)
        {
            // The Go apiserver lists every check on failure, and keeps the reasons for the log.
            return Results.Text($"{lines}{name} check failed\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status500InternalServerError);
        }

        return verbose
            ? Results.Text($"{lines}{name} check passed\n", "text/plain; charset=utf-8")
            : Results.Text("ok", "text/plain; charset=utf-8");
    }
}

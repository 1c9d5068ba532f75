using System.Net;
using System.Text.Json;
using Solvers.Conformance.Internal;

namespace Solvers.Conformance;

/// <summary>The rules that only a webhook over HTTP can keep: discovery and the payload's shape.</summary>
public sealed partial class ConformanceSuite
{
    private const string PayloadApiVersion = "webhook.acme.cert-manager.io/v1alpha1";

    private static async Task DiscoveryAsync(RuleRun run)
    {
        var target = WireTarget(run);
        var group = target.GroupName;
        var groupVersion = $"{group}/v1alpha1";

        using (var apis = await GetJsonAsync(run, target, "/apis", "APIGroupList").ConfigureAwait(false))
        {
            var found = Array(apis.RootElement, "groups").FirstOrDefault(g => Text(g, "name") == group);
            if (found.ValueKind != JsonValueKind.Object)
            {
                throw RuleRun.Fail($"GET /apis: the APIGroupList has no group \"{group}\"");
            }

            if (!Array(found, "versions").Any(v => Text(v, "groupVersion") == groupVersion && Text(v, "version") == "v1alpha1"))
            {
                throw RuleRun.Fail($"GET /apis: group \"{group}\" does not list version {groupVersion}");
            }
        }

        using (var apiGroup = await GetJsonAsync(run, target, $"/apis/{group}", "APIGroup").ConfigureAwait(false))
        {
            var root = apiGroup.RootElement;
            if (Text(root, "name") != group)
            {
                throw RuleRun.Fail($"GET /apis/{group}: the APIGroup's name is \"{Text(root, "name")}\", not \"{group}\"");
            }

            if (!Array(root, "versions").Any(v => Text(v, "groupVersion") == groupVersion)
                || !root.TryGetProperty("preferredVersion", out var preferred) || Text(preferred, "groupVersion") != groupVersion)
            {
                throw RuleRun.Fail($"GET /apis/{group}: the APIGroup does not list and prefer {groupVersion}");
            }
        }

        using var list = await GetJsonAsync(run, target, $"/apis/{groupVersion}", "APIResourceList").ConfigureAwait(false);
        if (Text(list.RootElement, "groupVersion") != groupVersion)
        {
            throw RuleRun.Fail($"GET /apis/{groupVersion}: groupVersion is \"{Text(list.RootElement, "groupVersion")}\"");
        }

        var resource = Array(list.RootElement, "resources").FirstOrDefault(r => Text(r, "name") == target.SolverName);
        if (resource.ValueKind != JsonValueKind.Object)
        {
            throw RuleRun.Fail($"GET /apis/{groupVersion}: the resource list does not name the solver \"{target.SolverName}\" "
                + $"(it names {string.Join(", ", Array(list.RootElement, "resources").Select(r => Text(r, "name")))})");
        }

        if (!Array(resource, "verbs").Any(v => v.ValueKind == JsonValueKind.String && v.GetString() == "create")
            || Text(resource, "kind") != "ChallengePayload"
            || (resource.TryGetProperty("namespaced", out var namespaced) && namespaced.ValueKind == JsonValueKind.True))
        {
            throw RuleRun.Fail($"GET /apis/{groupVersion}: resource \"{target.SolverName}\" must be kind ChallengePayload, cluster-scoped, with verb create: {resource.GetRawText()}");
        }
    }

    private static async Task WirePayloadAsync(RuleRun run)
    {
        var target = WireTarget(run);
        var name = run.NewName();
        var challenge = run.Challenge(name, TestValues.NewValue());
        run.Remember(challenge);
        await ExpectEchoAsync("Present").ConfigureAwait(false);
        await run.WaitServedAsync(name, challenge.Key, "the value presented over the wire never became visible").ConfigureAwait(false);
        await ExpectEchoAsync("CleanUp").ConfigureAwait(false);
        run.Forget(challenge);
        await run.WaitGoneAsync(name, challenge.Key, "the value cleaned up over the wire is still served").ConfigureAwait(false);

        async Task ExpectEchoAsync(string action)
        {
            var uid = Guid.NewGuid().ToString();
            var answer = await target.PostAsync(action, challenge, uid, run.CancellationToken).ConfigureAwait(false);
            var step = $"POST {target.SolverPath} ({action})";
            if (answer.ChallengeProblem() is { } problem)
            {
                throw RuleRun.Fail($"{step}: {problem}");
            }

            if (answer.ContentType != "application/json")
            {
                throw RuleRun.Fail($"{step}: Content-Type is \"{answer.ContentType}\", not application/json");
            }

            using var document = answer.TryParse()!;
            var root = document.RootElement;
            if (Text(root, "kind") != "ChallengePayload" || Text(root, "apiVersion") != PayloadApiVersion)
            {
                throw RuleRun.Fail($"{step}: the answer's kind/apiVersion are \"{Text(root, "kind")}\"/\"{Text(root, "apiVersion")}\", not ChallengePayload/{PayloadApiVersion}");
            }

            var response = root.GetProperty("response");
            if (Text(response, "uid") != uid)
            {
                throw RuleRun.Fail($"{step}: response.uid is \"{Text(response, "uid")}\", not the request's uid \"{uid}\"");
            }

            if (!root.TryGetProperty("request", out var request) || Text(request, "key") != challenge.Key
                || Text(request, "resolvedFQDN") != challenge.ResolvedFqdn || Text(request, "action") != action)
            {
                throw RuleRun.Fail($"{step}: the answer does not echo the request (action, key, resolvedFQDN)");
            }
        }
    }

    private static WebhookTarget WireTarget(RuleRun run) =>
        run.Target as WebhookTarget ?? throw Skip("over the wire only: the target is not a webhook");

    private static async Task<JsonDocument> GetJsonAsync(RuleRun run, WebhookTarget target, string path, string kind)
    {
        var answer = await target.GetAsync(path, run.CancellationToken).ConfigureAwait(false);
        if (answer.Status != HttpStatusCode.OK)
        {
            throw RuleRun.Fail($"GET {path}: HTTP {(int)answer.Status}, not 200: {(answer.Body.Length > 300 ? answer.Body[..300] : answer.Body)}");
        }

        var document = answer.TryParse();
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document?.Dispose();
            throw RuleRun.Fail($"GET {path}: the body is not a JSON object");
        }

        if (Text(document.RootElement, "kind") != kind)
        {
            var actual = Text(document.RootElement, "kind");
            document.Dispose();
            throw RuleRun.Fail($"GET {path}: kind is \"{actual}\", not {kind}");
        }

        return document;
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static JsonElement[] Array(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : [];
}

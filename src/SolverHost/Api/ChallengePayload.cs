using System.Text.Json;

namespace Solvers.SolverHost.Api;

/// <summary>The <c>webhook.acme.cert-manager.io/v1alpha1 ChallengePayload</c>, as cert-manager's Go types define it.</summary>
internal static class ChallengePayload
{
    public const string ApiVersion = "webhook.acme.cert-manager.io/v1alpha1";
    public const string Group = "webhook.acme.cert-manager.io";
    public const string Version = "v1alpha1";
    public const string Kind = "ChallengePayload";

    /// <summary>The apiserver's <c>MaxRequestBodyBytes</c>.</summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;
}

/// <summary>The <c>request</c> of a ChallengePayload. Strings that were absent or null are empty, as in Go.</summary>
internal sealed record ChallengeRequest
{
    public string Uid { get; init; } = string.Empty;

    public string Action { get; init; } = string.Empty;

    public string Type { get; init; } = string.Empty;

    public string DnsName { get; init; } = string.Empty;

    public string Key { get; init; } = string.Empty;

    public string ResourceNamespace { get; init; } = string.Empty;

    public string ResolvedFqdn { get; init; } = string.Empty;

    public string ResolvedZone { get; init; } = string.Empty;

    public bool AllowAmbientCredentials { get; init; }

    /// <summary>The raw <c>config</c>; <see langword="null"/> when absent or JSON null.</summary>
    public JsonElement? Config { get; init; }
}

/// <summary>The <c>response</c> of a ChallengePayload; <see cref="Message"/> is set exactly when it failed.</summary>
internal sealed record ChallengeResponse(string Uid, bool Success, string? Message)
{
    public static ChallengeResponse Succeeded(string uid) => new(uid, true, null);

    public static ChallengeResponse Failed(string uid, string message) => new(uid, false, message);
}

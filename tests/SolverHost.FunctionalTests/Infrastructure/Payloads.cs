using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Solvers.SolverHost.FunctionalTests.Infrastructure;

/// <summary>ChallengePayload bodies exactly as cert-manager sends them (no apiVersion/kind, empty uid).</summary>
public static class Payloads
{
    public static string Request(string action, string fqdn, string zone, string key, string? config = null, string resourceNamespace = "cert-manager")
    {
        var dnsName = fqdn.TrimEnd('.')["_acme-challenge.".Length..];
        var configPart = config is null ? string.Empty : $",\"config\":{config}";
        return $$$"""{"request":{"uid":"","action":"{{{action}}}","type":"dns-01","dnsName":"{{{dnsName}}}","key":"{{{key}}}","resourceNamespace":"{{{resourceNamespace}}}","resolvedFQDN":"{{{fqdn}}}","resolvedZone":"{{{zone}}}","allowAmbientCredentials":true{{{configPart}}}}}""" + "\n";
    }

    public static StringContent Content(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Posts to the solver and returns <c>response</c> of the answer.</summary>
    public static async Task<(bool Success, string? Message)> SolveAsync(HttpClient client, string group, string solver, string body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync($"/apis/{group}/v1alpha1/{solver}", Content(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True((int)response.StatusCode == 201, $"expected 201, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        var answer = document.RootElement.GetProperty("response");
        var message = answer.TryGetProperty("status", out var status) ? status.GetProperty("message").GetString() : null;
        return (answer.GetProperty("success").GetBoolean(), message);
    }
}

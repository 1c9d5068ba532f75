using System.Text.Json;

namespace Solvers.Abstractions.Tests.TestDoubles;

/// <summary>Builds <see cref="SolveRequest"/>s shaped like cert-manager's.</summary>
public static class Requests
{
    public const string Key = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";

    public static SolveRequest Create(
        string dnsName = "example.com",
        string resolvedFqdn = "_acme-challenge.example.com.",
        string resolvedZone = "example.com.",
        string key = Key,
        string? config = null,
        ISecretReader? secrets = null) =>
        new(
            Uid: "uid-1",
            DnsName: dnsName,
            ResolvedFqdn: resolvedFqdn,
            ResolvedZone: resolvedZone,
            Key: key,
            ResourceNamespace: "cert-manager",
            AllowAmbientCredentials: true,
            Config: config is null ? null : ParseJson(config),
            Secrets: secrets ?? new FakeSecretReader());

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

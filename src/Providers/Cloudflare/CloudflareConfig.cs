using System.ComponentModel.DataAnnotations;
using Solvers.Abstractions;

namespace Solvers.Providers.Cloudflare;

/// <summary><c>webhook.config</c> for <c>solverName: cloudflare</c>. The fields are those of cert-manager's built-in
/// <c>cloudflare</c> solver, so an existing issuer's block moves over unchanged (plus <c>ttl</c>).</summary>
/// <remarks>Exactly one of <see cref="ApiTokenSecretRef"/> and <see cref="ApiKeySecretRef"/>; the key needs
/// <see cref="Email"/>.</remarks>
public sealed record CloudflareConfig : IValidatableObject
{
    /// <summary>The lowest TTL Cloudflare accepts outside Enterprise zones, and the default.</summary>
    public const int DefaultTtl = 60;

    /// <summary>The account's email address; required with <see cref="ApiKeySecretRef"/>, ignored with a token.</summary>
    public string? Email { get; init; }

    /// <summary>Secret key holding an API token with Zone:Read and DNS:Edit on the zone (recommended).</summary>
    public SecretKeyRef? ApiTokenSecretRef { get; init; }

    /// <summary>Secret key holding the account's Global API Key (legacy; grants everything).</summary>
    public SecretKeyRef? ApiKeySecretRef { get; init; }

    /// <summary>TTL of the TXT record in seconds: 1 (automatic), or 30 to 86400 (below 60 only on Enterprise zones).</summary>
    public int Ttl { get; init; } = DefaultTtl;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiTokenSecretRef is not null && ApiKeySecretRef is not null)
        {
            yield return new ValidationResult(
                "set either apiTokenSecretRef or apiKeySecretRef, not both", [nameof(ApiTokenSecretRef), nameof(ApiKeySecretRef)]);
        }
        else if (ApiTokenSecretRef is null && ApiKeySecretRef is null)
        {
            yield return new ValidationResult(
                "one of apiTokenSecretRef (an API token, recommended) or apiKeySecretRef with email (the Global API Key) is required",
                [nameof(ApiTokenSecretRef), nameof(ApiKeySecretRef)]);
        }

        if (ApiKeySecretRef is not null && string.IsNullOrWhiteSpace(Email))
        {
            yield return new ValidationResult("email is required with apiKeySecretRef (the Global API Key goes with the account's email)", [nameof(Email)]);
        }

        if (Email is not null && Email.Any(char.IsControl))
        {
            yield return new ValidationResult("email contains a control character (a trailing newline?)", [nameof(Email)]);
        }

        if (Ttl != 1 && Ttl is < 30 or > 86_400)
        {
            yield return new ValidationResult($"must be 1 (automatic) or 30 to 86400 seconds (Cloudflare's limits), got {Ttl}", [nameof(Ttl)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Solvers.Abstractions.Tests.Configs;

/// <summary>Exactly one of two credentials, checked by <see cref="IValidatableObject"/>.</summary>
public sealed record EitherCredentialConfig : IValidatableObject
{
    public const string ExactlyOne = "set exactly one of apiTokenSecretRef and apiKeySecretRef";

    public SecretKeyRef? ApiTokenSecretRef { get; init; }

    public SecretKeyRef? ApiKeySecretRef { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((ApiTokenSecretRef is null) == (ApiKeySecretRef is null))
        {
            yield return new ValidationResult(ExactlyOne, [nameof(ApiTokenSecretRef), nameof(ApiKeySecretRef)]);
        }
    }
}

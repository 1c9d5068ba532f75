using Microsoft.Extensions.Options;

namespace Solvers.Providers.Embedded.Internal;

/// <summary>Rejects <see cref="EmbeddedDnsOptions"/> the server cannot run with, at start-up.</summary>
internal sealed class EmbeddedDnsOptionsValidator : IValidateOptions<EmbeddedDnsOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedDnsOptions options) =>
        EmbeddedDnsSettings.TryCreate(options, out _, out var errors)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors);
}

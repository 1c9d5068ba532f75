using Microsoft.Extensions.Options;

namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>Checks what data annotations cannot: the base URL is absolute HTTPS, since it carries the credential.</summary>
internal sealed class CloudflareOptionsValidator : IValidateOptions<CloudflareOptions>
{
    public ValidateOptionsResult Validate(string? name, CloudflareOptions options)
    {
        var url = options.BaseUrl;
        if (url is null || !url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            return ValidateOptionsResult.Fail(
                $"{CloudflareSolver.ConfigurationSection}:BaseUrl must be an absolute https URL without query, like https://api.cloudflare.com/client/v4; got \"{url}\"");
        }

        return ValidateOptionsResult.Success;
    }
}

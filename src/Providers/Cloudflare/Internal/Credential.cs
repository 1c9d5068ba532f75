using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Solvers.Abstractions;

namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>An API token or an email + Global API Key, read from the request's Secret and checked. Never logged;
/// <see cref="BudgetKey"/> is a one-way hash that names the credential's rate budget.</summary>
internal sealed class Credential
{
    private readonly string _secret;
    private readonly string? _email;

    private Credential(string secret, string? email, SecretKeyRef source, string resourceNamespace)
    {
        _secret = secret;
        _email = email;
        Describe = email is null
            ? $"the API token in secret {resourceNamespace}/{source.Name} key {source.Key}"
            : $"the Global API Key in secret {resourceNamespace}/{source.Name} key {source.Key}";

        // Cloudflare counts its limit per user: a Global API Key is the user's (its email names it); a token gets a
        // budget of its own, since two tokens cannot be told to be the same user's without another API call.
        var identity = email is null ? "token\n" + secret : "user\n" + email.Trim().ToUpperInvariant();
        BudgetKey = Hash(identity);
        CacheKey = Hash("credential\n" + email + "\n" + secret);
    }

    public bool IsToken => _email is null;

    /// <summary>Where the credential came from, for messages: <c>the API token in secret ns/name key k</c>.</summary>
    public string Describe { get; }

    public string BudgetKey { get; }

    /// <summary>A one-way hash of the whole credential, for caches whose entries it alone may use.</summary>
    public string CacheKey { get; }

    /// <summary>Reads the credential the config names, from the request's namespace only.</summary>
    /// <exception cref="DnsProviderException">The secret is missing, empty, or has a newline or control character.</exception>
    public static async Task<Credential> ReadAsync(CloudflareConfig config, ISecretReader secrets, CancellationToken cancellationToken)
    {
        var reference = config.ApiTokenSecretRef ?? config.ApiKeySecretRef
            ?? throw new InvalidSolverConfigException("invalid webhook.config at $: one of apiTokenSecretRef or apiKeySecretRef is required");
        var value = await secrets.ReadStringAsync(reference, cancellationToken).ConfigureAwait(false);
        var where = $"secret {secrets.ResourceNamespace}/{reference.Name} key {reference.Key}";
        Check(value, where);
        return config.ApiTokenSecretRef is not null
            ? new Credential(value, null, reference, secrets.ResourceNamespace)
            : new Credential(value, config.Email!.Trim(), reference, secrets.ResourceNamespace);
    }

    /// <summary>Sets the authentication headers: <c>Authorization: Bearer</c>, or <c>X-Auth-Email</c> + <c>X-Auth-Key</c>.</summary>
    public void Apply(HttpRequestMessage request)
    {
        if (_email is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _secret);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("X-Auth-Email", _email);
            request.Headers.TryAddWithoutValidation("X-Auth-Key", _secret);
        }
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 12);

    private static void Check(string value, string where)
    {
        if (value.Length == 0)
        {
            throw new DnsProviderException($"{where} is empty");
        }

        if (value[^1] is '\n' or '\r')
        {
            throw new DnsProviderException(
                $"{where} ends with a newline; Cloudflare would refuse it (a common result of kubectl create secret --from-file "
                + "with a file that ends in a newline): store the value without it, e.g. with --from-literal or printf '%s'");
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]))
            {
                throw new DnsProviderException(
                    $"{where} contains a control character at position {i + 1} of {value.Length}; an API credential is plain text on one line");
            }
        }

        if (value.Trim().Length != value.Length)
        {
            throw new DnsProviderException($"{where} starts or ends with a space; store the value without it");
        }
    }
}

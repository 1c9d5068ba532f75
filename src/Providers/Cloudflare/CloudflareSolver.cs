namespace Solvers.Providers.Cloudflare;

/// <summary>Names the <c>cloudflare</c> solver uses outside its code: the issuer's <c>solverName</c>, the host's
/// configuration section and the <see cref="System.Net.Http.IHttpClientFactory"/> client name.</summary>
public static class CloudflareSolver
{
    /// <summary>The issuer's <c>solverName</c>: <c>cloudflare</c>.</summary>
    public const string Name = "cloudflare";

    /// <summary>The configuration section bound to <see cref="CloudflareOptions"/>.</summary>
    public const string ConfigurationSection = "Solvers:Providers:Cloudflare";

    /// <summary>The name of the HTTP client the provider asks <see cref="System.Net.Http.IHttpClientFactory"/> for;
    /// configure it (a proxy, a CA) with <c>services.AddHttpClient(CloudflareSolver.HttpClientName)</c>.</summary>
    public const string HttpClientName = "Solvers.Providers.Cloudflare";
}

namespace Solvers.Providers.Cloudflare.Internal;

/// <summary>A final error answer; the provider turns it into a message that says what to do.</summary>
internal sealed class CloudflareApiException : Exception
{
    public CloudflareApiException()
    {
        Response = new ApiResponse(0, new Envelope());
        Doing = string.Empty;
    }

    public CloudflareApiException(string message)
        : base(message)
    {
        Response = new ApiResponse(0, new Envelope());
        Doing = string.Empty;
    }

    public CloudflareApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Response = new ApiResponse(0, new Envelope());
        Doing = string.Empty;
    }

    public CloudflareApiException(ApiResponse response, string doing)
        : base($"{doing}: Cloudflare answered {response.Describe()}")
    {
        Response = response;
        Doing = doing;
    }

    public ApiResponse Response { get; }

    /// <summary>What the solver was doing, e.g. <c>listing the TXT records at _acme-challenge.example.com</c>.</summary>
    public string Doing { get; }
}

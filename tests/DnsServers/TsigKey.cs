namespace Solvers.Testing.DnsServers;

/// <summary>A TSIG key (RFC 8945) as BIND and <c>nsupdate -y</c> take it.</summary>
/// <param name="Name">Key name, e.g. <c>solvers-test-key.</c></param>
/// <param name="Algorithm">e.g. <c>hmac-sha256</c>.</param>
/// <param name="Secret">Base64 secret.</param>
public sealed record TsigKey(string Name, string Algorithm, string Secret)
{
    /// <summary>Hides the secret from test output.</summary>
    public override string ToString() => $"{Algorithm}:{Name}";
}

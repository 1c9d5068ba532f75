using Solvers.Abstractions;

namespace Solvers.Providers.Rfc2136.Internal;

/// <summary>A TSIG key read for one update: its name, algorithm and decoded secret.</summary>
internal sealed record TsigKey(DnsName Name, Rfc2136TsigAlgorithm Algorithm, byte[] Secret)
{
    /// <summary>The algorithm as servers name it, e.g. <c>hmac-sha256</c>.</summary>
    public string AlgorithmName => Algorithm switch
    {
        Rfc2136TsigAlgorithm.HmacMd5 => "hmac-md5",
        Rfc2136TsigAlgorithm.HmacSha1 => "hmac-sha1",
        Rfc2136TsigAlgorithm.HmacSha256 => "hmac-sha256",
        Rfc2136TsigAlgorithm.HmacSha384 => "hmac-sha384",
        Rfc2136TsigAlgorithm.HmacSha512 => "hmac-sha512",
        _ => Algorithm.ToString(),
    };

    /// <summary>Never the secret.</summary>
    public override string ToString() => $"{AlgorithmName}:{Name}";
}

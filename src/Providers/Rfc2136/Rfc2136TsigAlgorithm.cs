namespace Solvers.Providers.Rfc2136;

/// <summary>The TSIG (RFC 8945) algorithm; cert-manager's <c>tsigAlgorithm</c> values (<c>HMACSHA256</c>, ...), matched
/// case-insensitively.</summary>
public enum Rfc2136TsigAlgorithm
{
    /// <summary><c>hmac-md5.sig-alg.reg.int.</c>: cert-manager's default, kept so that its configs move over unchanged.
    /// Only for old servers; prefer <see cref="HmacSha256"/>.</summary>
    HmacMd5,

    /// <summary><c>hmac-sha1</c>, for old servers.</summary>
    HmacSha1,

    /// <summary><c>hmac-sha256</c>: what <c>tsig-keygen</c> and <c>keymgr</c> make by default.</summary>
    HmacSha256,

    /// <summary><c>hmac-sha384</c>: refused for now. ARSoft.Tools.Net 3.6.1 computes it with SHA-256, so every server
    /// rejects the signature (BADSIG); a test notices when the library gets it right.</summary>
    HmacSha384,

    /// <summary><c>hmac-sha512</c>.</summary>
    HmacSha512,
}

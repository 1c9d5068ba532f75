namespace Solvers.Providers.Rfc2136.Internal;

/// <summary>What the server answered to one UPDATE.</summary>
/// <param name="ReturnCode">The RCODE, e.g. 0 (NOERROR), 5 (REFUSED), 9 (NOTAUTH).</param>
/// <param name="TsigError">The TSIG record's error field (16 BADSIG, 17 BADKEY, 18 BADTIME), or 0.</param>
/// <param name="Signed">Whether the answer carried a TSIG record.</param>
/// <param name="SignatureValid">Whether that record verified with the request's key.</param>
internal sealed record UpdateAnswer(int ReturnCode, int TsigError, bool Signed, bool SignatureValid);

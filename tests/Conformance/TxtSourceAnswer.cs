namespace Solvers.Conformance;

/// <summary>What one source answered.</summary>
/// <param name="Source">e.g. <c>ns1.example.com. (192.0.2.1:53)</c>.</param>
/// <param name="Values">The TXT values, each with its character-strings joined; empty for NXDOMAIN or no TXT.</param>
/// <param name="Error">Why the source gave no usable answer (timeout, REFUSED…); <see langword="null"/> when it answered.</param>
public sealed record TxtSourceAnswer(string Source, IReadOnlyList<string> Values, string? Error = null);

namespace Solvers.TestUtilities;

/// <summary>Where <see cref="CertificatePemExtensions.WritePemFiles"/> put a certificate and its private key.</summary>
public sealed record PemFiles(string CertificateFile, string KeyFile);

namespace Solvers.TestUtilities;

/// <summary>Extended key usages for a test leaf certificate.</summary>
[Flags]
public enum CertificateUsage
{
    /// <summary>No extended-key-usage extension at all (Go and .NET then accept the certificate for any usage).</summary>
    None = 0,

    /// <summary>TLS client authentication (1.3.6.1.5.5.7.3.2).</summary>
    ClientAuth = 1,

    /// <summary>TLS server authentication (1.3.6.1.5.5.7.3.1).</summary>
    ServerAuth = 2,

    /// <summary>Both usages.</summary>
    ClientAndServerAuth = ClientAuth | ServerAuth,
}

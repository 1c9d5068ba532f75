namespace Solvers.TestUtilities;

/// <summary>Start-up choices for <see cref="FakeKubeApiServer"/>.</summary>
public sealed record FakeKubeApiServerOptions
{
    /// <summary>Host names and IP addresses in the serving certificate's SAN. Leave 127.0.0.1 out to make
    /// clients that connect to <see cref="FakeKubeApiServer.BaseAddress"/> see a name mismatch.</summary>
    public IReadOnlyList<string> ServingCertificateNames { get; init; } = ["127.0.0.1", "localhost"];
}

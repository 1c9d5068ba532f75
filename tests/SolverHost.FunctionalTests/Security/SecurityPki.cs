using System.Security.Cryptography.X509Certificates;
using Solvers.TestUtilities;

namespace Solvers.SolverHost.FunctionalTests.Security;

/// <summary>The certificates of the security tests: a serving CA, a client CA, a front-proxy CA like the
/// kube-apiserver's, and a CA nobody trusts, with good and broken leaves of each.</summary>
public sealed class SecurityPki : IDisposable
{
    public const string FrontProxyName = "front-proxy-client";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("solvers-security-");

    public SecurityPki()
    {
        ServingCa = TestCertificates.CreateCa("serving-ca");
        ClientCa = TestCertificates.CreateCa("client-ca");
        FrontProxyCa = TestCertificates.CreateCa("front-proxy-ca");
        OtherCa = TestCertificates.CreateCa("someone-elses-ca");
        Serving = TestCertificates.CreateServerCertificate(ServingCa, "127.0.0.1", "localhost").WritePemFiles(_dir.FullName, "serving");
        ClientCaFile = Write("client-ca.crt", ClientCa.ToPem());
        FrontProxyCaFile = Write("front-proxy-ca.crt", FrontProxyCa.ToPem());

        Admin = TestCertificates.CreateClientCertificate(ClientCa, "admin", "system:masters");
        Alice = TestCertificates.CreateClientCertificate(ClientCa, "alice", "devs");
        FrontProxy = TestCertificates.CreateClientCertificate(FrontProxyCa, FrontProxyName);
        FrontProxyFromOtherCa = TestCertificates.CreateClientCertificate(OtherCa, FrontProxyName);
        FrontProxyExpired = TestCertificates.Leaf(FrontProxyCa).WithCommonName(FrontProxyName).WithUsage(CertificateUsage.ClientAuth).Expired().Build();
        FrontProxyNotYetValid = TestCertificates.Leaf(FrontProxyCa).WithCommonName(FrontProxyName).WithUsage(CertificateUsage.ClientAuth).NotYetValid().Build();
        FrontProxyServerOnly = TestCertificates.Leaf(FrontProxyCa).WithCommonName(FrontProxyName).WithUsage(CertificateUsage.ServerAuth).Build();
        FrontProxyWrongName = TestCertificates.CreateClientCertificate(FrontProxyCa, "intruder");
        ServingTrust = [ServingCa];
    }

    public X509Certificate2 ServingCa { get; }

    public X509Certificate2 ClientCa { get; }

    public X509Certificate2 FrontProxyCa { get; }

    public X509Certificate2 OtherCa { get; }

    public PemFiles Serving { get; }

    public string ClientCaFile { get; }

    public string FrontProxyCaFile { get; }

    public X509Certificate2 Admin { get; }

    public X509Certificate2 Alice { get; }

    public X509Certificate2 FrontProxy { get; }

    public X509Certificate2 FrontProxyFromOtherCa { get; }

    public X509Certificate2 FrontProxyExpired { get; }

    public X509Certificate2 FrontProxyNotYetValid { get; }

    public X509Certificate2 FrontProxyServerOnly { get; }

    public X509Certificate2 FrontProxyWrongName { get; }

    public X509Certificate2Collection ServingTrust { get; }

    /// <summary>A fresh file path inside this PKI's folder, deleted with it.</summary>
    public string NewFile(string prefix) => Path.Combine(_dir.FullName, $"{prefix}-{Guid.NewGuid():N}");

    /// <summary>Flags for a host that serves with <see cref="Serving"/> and trusts the client and front-proxy CAs.</summary>
    public string[] HostArgs(params string[] more) =>
    [
        $"--tls-cert-file={Serving.CertificateFile}",
        $"--tls-private-key-file={Serving.KeyFile}",
        $"--client-ca-file={ClientCaFile}",
        $"--requestheader-client-ca-file={FrontProxyCaFile}",
        $"--requestheader-allowed-names={FrontProxyName}",
        .. more,
    ];

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}

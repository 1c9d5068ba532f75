using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Solvers.TestUtilities.Tests;

public sealed class TestCertificatesTests : IDisposable
{
    private static readonly Oid _serverAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid _clientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("solvers-pki-tests-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static X509ChainStatusFlags Verify(X509Certificate2 leaf, X509Certificate2 root, Oid? usage = null, params X509Certificate2[] intermediates)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (usage is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(usage);
        }

        chain.Build(leaf);
        return chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
    }

    [Fact]
    public void CreateCa_IsASelfSignedCaWithItsKey()
    {
        using var ca = TestCertificates.CreateCa("front-proxy-ca");

        Assert.Equal("CN=front-proxy-ca", ca.Subject);
        Assert.Equal(ca.Subject, ca.Issuer);
        Assert.True(ca.HasPrivateKey);
        var constraints = Assert.Single(ca.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(constraints.CertificateAuthority);
    }

    [Fact]
    public void Leaf_DefaultOptions_ChainsToTheCaForBothUsages()
    {
        using var ca = TestCertificates.CreateCa("ca");
        using var leaf = TestCertificates.Leaf(ca).Build();

        Assert.True(leaf.HasPrivateKey);
        Assert.Equal("CN=ca", leaf.Issuer);
        Assert.Equal(X509ChainStatusFlags.NoError, Verify(leaf, ca, _serverAuth));
        Assert.Equal(X509ChainStatusFlags.NoError, Verify(leaf, ca, _clientAuth));
    }

    [Fact]
    public void Leaf_ClientAuthOnly_IsNotValidForServerAuth()
    {
        using var ca = TestCertificates.CreateCa("ca");
        using var leaf = TestCertificates.Leaf(ca).WithUsage(CertificateUsage.ClientAuth).Build();

        Assert.Equal(X509ChainStatusFlags.NoError, Verify(leaf, ca, _clientAuth));
        Assert.Equal(X509ChainStatusFlags.NotValidForUsage, Verify(leaf, ca, _serverAuth));
    }

    [Fact]
    public void Leaf_UsageNone_HasNoExtendedKeyUsageExtension()
    {
        using var ca = TestCertificates.CreateCa("ca");
        using var leaf = TestCertificates.Leaf(ca).WithUsage(CertificateUsage.None).Build();

        Assert.Empty(leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>());
    }

    [Fact]
    public void Leaf_CommonNameAndSeveralOrganizations_AreInTheSubject()
    {
        using var ca = TestCertificates.CreateCa("ca");
        using var leaf = TestCertificates.CreateClientCertificate(ca, "front-proxy-client", "system:masters", "team-a");

        var attributes = leaf.SubjectName.EnumerateRelativeDistinguishedNames()
            .Select(rdn => (rdn.GetSingleElementType().Value, rdn.GetSingleElementValue()))
            .ToList();
        Assert.Equal([("2.5.4.10", "system:masters"), ("2.5.4.10", "team-a"), ("2.5.4.3", "front-proxy-client")], attributes);
        Assert.Equal("front-proxy-client", leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
    }

    [Fact]
    public void Leaf_Expired_IsOutsideItsValidity()
    {
        using var ca = TestCertificates.CreateCa("ca");
        using var leaf = TestCertificates.Leaf(ca).Expired().Build();

        Assert.True(leaf.NotAfter < DateTime.Now);
        Assert.Equal(X509ChainStatusFlags.NotTimeValid, Verify(leaf, ca));
    }

    [Fact]
    public void Leaf_NotYetValid_IsOutsideItsValidity()
    {
        using var ca = TestCertificates.CreateCa("ca");
        using var leaf = TestCertificates.Leaf(ca).NotYetValid().Build();

        Assert.True(leaf.NotBefore > DateTime.Now);
        Assert.Equal(X509ChainStatusFlags.NotTimeValid, Verify(leaf, ca));
    }

    [Fact]
    public void Leaf_ExplicitValidity_IsKeptEvenOutsideTheCas()
    {
        using var ca = TestCertificates.CreateCa("ca");
        var notBefore = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var leaf = TestCertificates.Leaf(ca).WithValidity(notBefore, notBefore.AddDays(1)).Build();

        Assert.Equal(notBefore.UtcDateTime, leaf.NotBefore.ToUniversalTime());
        Assert.Equal(notBefore.AddDays(1).UtcDateTime, leaf.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void CreateServerCertificate_SubjectAlternativeNames_MatchHostsAndAddresses()
    {
        using var ca = TestCertificates.CreateCa("ca");
        using var leaf = TestCertificates.CreateServerCertificate(ca, "solver.solvers.svc", "127.0.0.1", "::1");

        Assert.True(leaf.MatchesHostname("solver.solvers.svc"));
        Assert.True(leaf.MatchesHostname("127.0.0.1"));
        Assert.True(leaf.MatchesHostname("::1"));
        Assert.False(leaf.MatchesHostname("other.solvers.svc"));
        var san = Assert.Single(leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["solver.solvers.svc"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], san.EnumerateIPAddresses());
        Assert.Equal(X509ChainStatusFlags.NotValidForUsage, Verify(leaf, ca, _clientAuth));
    }

    [Fact]
    public void CreateCa_WithIssuer_MakesAnIntermediateThatSignsLeaves()
    {
        using var root = TestCertificates.CreateCa("root");
        using var intermediate = TestCertificates.CreateCa("intermediate", issuer: root);
        using var leaf = TestCertificates.Leaf(intermediate).Build();

        Assert.Equal("CN=root", intermediate.Issuer);
        Assert.Equal(X509ChainStatusFlags.NoError, Verify(leaf, root, null, intermediate));
    }

    [Fact]
    public void Leaf_RsaKey_ExportsAnRsaKey()
    {
        using var ca = TestCertificates.CreateCa("ca");
        using var leaf = TestCertificates.Leaf(ca).WithRsaKey().Build();

        using var rsa = leaf.GetRSAPrivateKey();
        Assert.NotNull(rsa);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", leaf.KeyToPem(), StringComparison.Ordinal);
        Assert.Equal(X509ChainStatusFlags.NoError, Verify(leaf, ca));
    }

    [Fact]
    public void ToPemAndKeyToPem_RoundTripToTheSameCertificateAndKey()
    {
        using var ca = TestCertificates.CreateCa("ca");
        using var leaf = TestCertificates.Leaf(ca).Build();

        var certificatePem = leaf.ToPem();
        using var loaded = X509Certificate2.CreateFromPem(certificatePem, leaf.KeyToPem());

        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", certificatePem, StringComparison.Ordinal);
        Assert.EndsWith("-----END CERTIFICATE-----\n", certificatePem, StringComparison.Ordinal);
        Assert.Equal(leaf.Thumbprint, loaded.Thumbprint);
        using var key = loaded.GetECDsaPrivateKey();
        Assert.NotNull(key);
        var data = "payload"u8.ToArray();
        using var publicKey = leaf.GetECDsaPublicKey()!;
        Assert.True(publicKey.VerifyData(data, key.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }

    [Fact]
    public void ToPemBundle_ConcatenatesBlocks()
    {
        using var first = TestCertificates.CreateCa("one");
        using var second = TestCertificates.CreateCa("two");

        var bundle = new[] { first, second }.ToPemBundle();

        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(bundle);
        Assert.Equal([first.Thumbprint, second.Thumbprint], collection.Select(c => c.Thumbprint));
    }

    [Fact]
    public void WritePemFiles_WritesCertificateAndPrivateKeyFiles()
    {
        using var ca = TestCertificates.CreateCa("ca");
        using var leaf = TestCertificates.CreateClientCertificate(ca, "front-proxy-client");

        var files = leaf.WritePemFiles(_directory.FullName, "front-proxy-client");

        Assert.Equal(Path.Combine(_directory.FullName, "front-proxy-client.crt"), files.CertificateFile);
        Assert.Equal(Path.Combine(_directory.FullName, "front-proxy-client.key"), files.KeyFile);
        using var loaded = X509Certificate2.CreateFromPemFile(files.CertificateFile, files.KeyFile);
        Assert.Equal(leaf.Thumbprint, loaded.Thumbprint);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.KeyFile));
        }
    }
}

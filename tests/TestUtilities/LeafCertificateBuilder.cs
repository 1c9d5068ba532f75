using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Solvers.TestUtilities;

/// <summary>Builds one leaf certificate signed by a test CA. Defaults: CN <c>solvers-test</c>, no O, both
/// clientAuth and serverAuth, no SANs, ECDSA P-256, valid from five minutes ago for one day.</summary>
public sealed class LeafCertificateBuilder
{
    private static readonly Oid _serverAuthOid = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid _clientAuthOid = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private readonly X509Certificate2 _issuer;
    private readonly List<string> _organizations = [];
    private readonly List<string> _dnsNames = [];
    private readonly List<IPAddress> _ipAddresses = [];
    private string _commonName = "solvers-test";
    private CertificateUsage _usage = CertificateUsage.ClientAndServerAuth;
    private DateTimeOffset? _notBefore;
    private DateTimeOffset? _notAfter;
    private int? _rsaKeySize;

    internal LeafCertificateBuilder(X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (!issuer.HasPrivateKey)
        {
            throw new ArgumentException("the issuer certificate must carry its private key", nameof(issuer));
        }

        _issuer = issuer;
    }

    /// <summary>Subject CN, e.g. <c>front-proxy-client</c> or a user name.</summary>
    public LeafCertificateBuilder WithCommonName(string commonName)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        _commonName = commonName;
        return this;
    }

    /// <summary>Subject O values, one attribute each (Kubernetes reads them as groups).</summary>
    public LeafCertificateBuilder WithOrganizations(params string[] organizations)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        _organizations.AddRange(organizations);
        return this;
    }

    /// <summary>Extended key usages; <see cref="CertificateUsage.None"/> leaves the extension out.</summary>
    public LeafCertificateBuilder WithUsage(CertificateUsage usage)
    {
        _usage = usage;
        return this;
    }

    /// <summary>Explicit validity period; it need not lie inside the issuer's.</summary>
    public LeafCertificateBuilder WithValidity(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (notAfter <= notBefore)
        {
            throw new ArgumentException("notAfter must be later than notBefore", nameof(notAfter));
        }

        _notBefore = notBefore;
        _notAfter = notAfter;
        return this;
    }

    /// <summary>Valid from two days ago until yesterday.</summary>
    public LeafCertificateBuilder Expired()
    {
        var now = DateTimeOffset.UtcNow;
        return WithValidity(now.AddDays(-2), now.AddDays(-1));
    }

    /// <summary>Valid from tomorrow for a day.</summary>
    public LeafCertificateBuilder NotYetValid()
    {
        var now = DateTimeOffset.UtcNow;
        return WithValidity(now.AddDays(1), now.AddDays(2));
    }

    /// <summary>Adds SANs; each value that parses as an IP address becomes an IP SAN, the rest DNS SANs.</summary>
    public LeafCertificateBuilder WithSubjectAlternativeNames(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                _ipAddresses.Add(ip);
            }
            else
            {
                _dnsNames.Add(name);
            }
        }

        return this;
    }

    /// <summary>Adds DNS SANs.</summary>
    public LeafCertificateBuilder WithDnsNames(params string[] dnsNames)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        _dnsNames.AddRange(dnsNames);
        return this;
    }

    /// <summary>Adds IP SANs.</summary>
    public LeafCertificateBuilder WithIpAddresses(params IPAddress[] addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        _ipAddresses.AddRange(addresses);
        return this;
    }

    /// <summary>Uses an RSA key instead of ECDSA P-256.</summary>
    public LeafCertificateBuilder WithRsaKey(int keySize = 2048)
    {
        _rsaKeySize = keySize;
        return this;
    }

    /// <summary>Creates the certificate, with its private key.</summary>
    public X509Certificate2 Build()
    {
        var now = DateTimeOffset.UtcNow;
        var notBefore = _notBefore ?? now.AddMinutes(-5);
        var notAfter = _notAfter ?? now.AddDays(1);

        var subject = new X500DistinguishedNameBuilder();
        foreach (var organization in _organizations)
        {
            subject.AddOrganizationName(organization);
        }

        subject.AddCommonName(_commonName);

        if (_rsaKeySize is { } size)
        {
            using var rsa = RSA.Create(size);
            var request = new CertificateRequest(subject.Build(), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            AddExtensions(request, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment);
            using var signed = TestCertificates.Sign(request, _issuer, notBefore, notAfter);
            return TestCertificates.ReloadIfNeeded(signed.CopyWithPrivateKey(rsa));
        }
        else
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject.Build(), ecdsa, HashAlgorithmName.SHA256);
            AddExtensions(request, X509KeyUsageFlags.DigitalSignature);
            using var signed = TestCertificates.Sign(request, _issuer, notBefore, notAfter);
            return TestCertificates.ReloadIfNeeded(signed.CopyWithPrivateKey(ecdsa));
        }
    }

    private void AddExtensions(CertificateRequest request, X509KeyUsageFlags keyUsage)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, critical: true));

        if (_usage != CertificateUsage.None)
        {
            var usages = new OidCollection();
            if (_usage.HasFlag(CertificateUsage.ServerAuth))
            {
                usages.Add(_serverAuthOid);
            }

            if (_usage.HasFlag(CertificateUsage.ClientAuth))
            {
                usages.Add(_clientAuthOid);
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, critical: false));
        }

        if (_dnsNames.Count > 0 || _ipAddresses.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var dns in _dnsNames)
            {
                san.AddDnsName(dns);
            }

            foreach (var ip in _ipAddresses)
            {
                san.AddIpAddress(ip);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
    }
}

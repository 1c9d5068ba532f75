using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Hosting;

namespace Solvers.SolverHost.Tls;

/// <summary>The serving certificate: read from <c>--tls-cert-file</c>/<c>--tls-private-key-file</c> and re-read when
/// they change (cert-manager rotates them in place), or self-signed when none is given. A file that fails to load
/// (mid-rotation, say) leaves the previous certificate in service.</summary>
internal sealed class ServingCertificateProvider : IDisposable
{
    private readonly SolverHostOptions _options;
    private readonly ILogger<ServingCertificateProvider> _logger;
    private readonly SolverMetrics _metrics;
    private readonly FileSystemWatcher[] _watchers = [];
    private readonly ITimer? _timer;
    private readonly Lock _reloadLock = new();
    private volatile SslStreamCertificateContext _current;
    private byte[] _loadedHash = [];

    public ServingCertificateProvider(IOptions<SolverHostOptions> options, TimeProvider time, ILogger<ServingCertificateProvider> logger, SolverMetrics metrics)
    {
        _options = options.Value;
        _logger = logger;
        _metrics = metrics;
        if (string.IsNullOrEmpty(_options.TlsCertFile) || string.IsNullOrEmpty(_options.TlsPrivateKeyFile))
        {
            _current = CreateSelfSigned();
            return;
        }

        _current = Load() ?? throw new InvalidOperationException(
            $"cannot load the serving certificate from --tls-cert-file={_options.TlsCertFile} and --tls-private-key-file={_options.TlsPrivateKeyFile}; see the log above");
        _watchers = [.. new[] { _options.TlsCertFile, _options.TlsPrivateKeyFile }
            .Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!)
            .Distinct(StringComparer.Ordinal)
            .Select(Watch)];
        _timer = time.CreateTimer(_ => Reload(), null, _options.TlsReloadInterval, _options.TlsReloadInterval);
    }

    /// <summary>The certificate (with chain) to present; callers read it per handshake.</summary>
    public SslStreamCertificateContext Current => _current;

    /// <summary>Re-reads the files and switches over if their content changed.</summary>
    public void Reload()
    {
        lock (_reloadLock)
        {
            var loaded = Load();
            if (loaded is not null)
            {
                _current = loaded;
            }
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }

    private FileSystemWatcher Watch(string directory)
    {
        // Kubernetes swaps a symlink ("..data") inside the mounted folder, so watch the folder, not the files.
        var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.CreationTime | NotifyFilters.DirectoryName };
        watcher.Changed += (_, _) => Reload();
        watcher.Created += (_, _) => Reload();
        watcher.Renamed += (_, _) => Reload();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>Loads the files; null when unchanged since the last load or when loading failed (logged).</summary>
    private SslStreamCertificateContext? Load()
    {
        var certFile = _options.TlsCertFile!;
        try
        {
            var certPem = File.ReadAllText(certFile);
            var keyPem = File.ReadAllText(_options.TlsPrivateKeyFile!);
            var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certPem + "\n" + keyPem));
            if (hash.AsSpan().SequenceEqual(_loadedHash))
            {
                return null;
            }

            var leaf = X509Certificate2.CreateFromPem(certPem, keyPem);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(certPem);
            var intermediates = new X509Certificate2Collection(chain.Where(c => c.Thumbprint != leaf.Thumbprint).ToArray());
            var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
            _loadedHash = hash;
            _metrics.SetServingCertificate(leaf.NotAfter);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var notAfter = leaf.NotAfter.ToUniversalTime();
                Log.ServingCertificateLoaded(_logger, certFile, leaf.Subject, notAfter);
            }
            return context;
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            Log.ServingCertificateReloadFailed(_logger, certFile, ex.Message);
            return null;
        }
    }

    private SslStreamCertificateContext CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=solver-host", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        var described = new List<string> { "localhost", "127.0.0.1", "::1" };
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (IPAddress.TryParse(_options.BindAddress, out var bind) && !bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any)
            && !bind.Equals(IPAddress.Loopback) && !bind.Equals(IPAddress.IPv6Loopback))
        {
            names.AddIpAddress(bind);
            described.Add(bind.ToString());
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        _metrics.SetServingCertificate(certificate.NotAfter);
        Log.SelfSignedCertificate(_logger, string.Join(", ", described), Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)));
        return SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
    }
}

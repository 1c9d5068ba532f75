using Solvers.TestUtilities;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>The certificates of the setup, as PEM files in one folder. Three CAs, as in a cluster: the front proxy's
/// (whose client certificate the kube-apiserver presents to the host), the host's serving CA (the APIService's
/// <c>caBundle</c>), and the CA of Pebble's HTTPS listener (what certbot trusts through <c>REQUESTS_CA_BUNDLE</c>).</summary>
internal sealed class EndToEndPki
{
    /// <summary>The CN the host's <c>--requestheader-allowed-names</c> accepts, as kubeadm names the proxy's certificate.</summary>
    public const string FrontProxyClientName = "front-proxy-client";

    private EndToEndPki(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string FrontProxyCaFile => File("front-proxy-ca.crt");

    public PemFiles FrontProxyClient => new(File("front-proxy-client.crt"), File("front-proxy-client.key"));

    public string ServingCaFile => File("serving-ca.crt");

    public PemFiles HostServing => new(File("host-serving.crt"), File("host-serving.key"));

    public string PebbleCaFile => File("pebble-tls-ca.crt");

    public PemFiles PebbleServing => new(File("pebble-serving.crt"), File("pebble-serving.key"));

    public static EndToEndPki Create(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var pki = new EndToEndPki(directory);

        using (var frontProxyCa = TestCertificates.CreateCa("e2e-front-proxy-ca"))
        using (var client = TestCertificates.CreateClientCertificate(frontProxyCa, FrontProxyClientName))
        {
            System.IO.File.WriteAllText(pki.FrontProxyCaFile, frontProxyCa.ToPem());
            client.WritePemFiles(directory, "front-proxy-client");
        }

        using (var servingCa = TestCertificates.CreateCa("e2e-serving-ca"))
        using (var serving = TestCertificates.CreateServerCertificate(servingCa, "127.0.0.1", "localhost"))
        {
            System.IO.File.WriteAllText(pki.ServingCaFile, servingCa.ToPem());
            serving.WritePemFiles(directory, "host-serving");
        }

        using (var pebbleCa = TestCertificates.CreateCa("e2e-pebble-tls-ca"))
        using (var pebble = TestCertificates.CreateServerCertificate(pebbleCa, "127.0.0.1", "localhost"))
        {
            System.IO.File.WriteAllText(pki.PebbleCaFile, pebbleCa.ToPem());
            pebble.WritePemFiles(directory, "pebble-serving");
        }

        return pki;
    }

    private string File(string name) => Path.Combine(Directory, name);
}

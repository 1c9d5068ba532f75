using System.Net;
using System.Text.Json;
using DnsClient;
using DnsClient.Protocol;
using Solvers.SolverHost.FunctionalTests.Infrastructure;

namespace Solvers.SolverHost.FunctionalTests.Standalone;

/// <summary>The standalone default as a newcomer runs it: the host as its own process with the embedded DNS server,
/// driven over HTTPS, observed with DNS queries, and checked by real Kubernetes clients (kubectl, the Python client).</summary>
public sealed class StandaloneProcessTests
{
    private const string Group = "acme.solvers.test";
    private const string Fqdn = "_acme-challenge.example.test.";
    private const string Zone = "example.test.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StandaloneHost_PresentAndCleanUp_AreVisibleInDns()
    {
        using var pki = new TestPki();
        await using var host = await HostProcess.StartAsync(pki.CaFile, $"--tls-cert-file={pki.CertFile}", $"--tls-private-key-file={pki.KeyFile}");
        using var client = host.CreateClient(pki.CaFile);
        var lookup = Lookup(host.DnsPort);
        const string first = "first-value-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        const string second = "second-value-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

        Assert.True((await Payloads.SolveAsync(client, Group, "embedded", Payloads.Request("Present", Fqdn, Zone, first), Ct)).Success);
        Assert.True((await Payloads.SolveAsync(client, Group, "embedded", Payloads.Request("Present", Fqdn, Zone, second), Ct)).Success);
        Assert.Equal([first, second], await TxtValuesAsync(lookup, Fqdn));

        Assert.True((await Payloads.SolveAsync(client, Group, "embedded", Payloads.Request("CleanUp", Fqdn, Zone, first), Ct)).Success);
        Assert.Equal([second], await TxtValuesAsync(lookup, Fqdn));

        Assert.True((await Payloads.SolveAsync(client, Group, "embedded", Payloads.Request("CleanUp", Fqdn, Zone, second), Ct)).Success);
        var gone = await lookup.QueryAsync(Fqdn, QueryType.TXT, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, gone.Header.ResponseCode);

        Assert.Equal(0, await host.StopAsync());
    }

    [Fact]
    public async Task StandaloneHost_StartupMessage_CommandsWorkAsPrinted()
    {
        Command.Require("curl", "curl");
        Command.Require("dig", "dnsutils");
        await using var host = await HostProcess.StartAsync();
        await WaitForAsync(() => host.Output.Contains("Remove it again:", StringComparison.Ordinal));
        var lines = host.Output.Split('\n').Select(l => l.Trim()).ToList();
        var present = lines.First(l => l.StartsWith("curl ", StringComparison.Ordinal) && l.Contains("\"Present\"", StringComparison.Ordinal));
        var dig = lines.First(l => l.StartsWith("dig ", StringComparison.Ordinal));
        var cleanUp = lines.First(l => l.StartsWith("curl ", StringComparison.Ordinal) && l.Contains("\"CleanUp\"", StringComparison.Ordinal));

        var presented = await Command.RunAsync("bash", ["-c", present]);
        var seen = await Command.RunAsync("bash", ["-c", dig]);
        var cleaned = await Command.RunAsync("bash", ["-c", cleanUp]);
        var gone = await Command.RunAsync("bash", ["-c", dig]);

        Assert.Contains("\"response\":{\"uid\":\"\",\"success\":true}", presented.Stdout, StringComparison.Ordinal);
        Assert.Contains("status: NOERROR", seen.Stdout, StringComparison.Ordinal);
        Assert.Contains("flags: qr aa;", seen.Stdout, StringComparison.Ordinal);
        Assert.Contains("TXT\t\"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0\"", seen.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"success\":true", cleaned.Stdout, StringComparison.Ordinal);
        Assert.Contains("status: NXDOMAIN", gone.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_RawDiscoveryAndCreate_Work()
    {
        var kubectl = Command.Require("kubectl", "kubernetes-client");
        using var pki = new TestPki();
        await using var host = await HostProcess.StartAsync(pki.CaFile, $"--tls-cert-file={pki.CertFile}", $"--tls-private-key-file={pki.KeyFile}");
        var kubeconfig = Path.Combine(pki.Directory, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: solver-host
              cluster:
                server: {host.BaseAddress.ToString().TrimEnd('/')}
                certificate-authority: {pki.CaFile}
            users:
            - name: developer
              user:
                client-certificate: {host.PkiFile("client.crt")}
                client-key: {host.PkiFile("client.key")}
            contexts:
            - name: solver-host
              context:
                cluster: solver-host
                user: developer
            current-context: solver-host
            """, Ct);
        var payload = Path.Combine(pki.Directory, "present.json");
        await File.WriteAllTextAsync(payload, Payloads.Request("Present", Fqdn, Zone, "kubectl-value-ccccccccccccccccccccccccccccccc"), Ct);

        var resources = await Command.RunAsync(kubectl, ["--kubeconfig", kubeconfig, "get", "--raw", $"/apis/{Group}/v1alpha1"]);
        var created = await Command.RunAsync(kubectl, ["--kubeconfig", kubeconfig, "create", "--raw", $"/apis/{Group}/v1alpha1/embedded", "-f", payload]);
        var forbiddenVerb = await Command.RunAsync(kubectl, ["--kubeconfig", kubeconfig, "delete", "--raw", $"/apis/{Group}/v1alpha1/embedded"]);
        var healthz = await Command.RunAsync(kubectl, ["--kubeconfig", kubeconfig, "get", "--raw", "/healthz"]);

        Assert.True(resources.ExitCode == 0, resources.ToString());
        using (var list = JsonDocument.Parse(resources.Stdout))
        {
            // The shipped host serves every provider Program.cs lists; embedded is the one this test calls.
            var resource = Assert.Single(list.RootElement.GetProperty("resources").EnumerateArray(), r => r.GetProperty("name").GetString() == "embedded");
            Assert.Equal("ChallengePayload", resource.GetProperty("kind").GetString());
        }

        Assert.True(created.ExitCode == 0, created.ToString());
        using (var answer = JsonDocument.Parse(created.Stdout))
        {
            Assert.True(answer.RootElement.GetProperty("response").GetProperty("success").GetBoolean(), created.Stdout);
        }

        Assert.Equal(["kubectl-value-ccccccccccccccccccccccccccccccc"], await TxtValuesAsync(Lookup(host.DnsPort), Fqdn));
        Assert.NotEqual(0, forbiddenVerb.ExitCode);
        Assert.Contains("MethodNotAllowed", forbiddenVerb.Stderr + forbiddenVerb.Stdout, StringComparison.Ordinal);
        Assert.Equal("ok", healthz.Stdout.Trim());
    }

    [Fact]
    public async Task PythonKubernetesClient_DiscoveryAndCreate_Work()
    {
        const string python = "/usr/bin/python3";
        Assert.True(File.Exists(python), "Debian's python3 is missing; scripts/install-test-deps.sh installs python3-kubernetes");
        using var pki = new TestPki();
        await using var host = await HostProcess.StartAsync(pki.CaFile, $"--tls-cert-file={pki.CertFile}", $"--tls-private-key-file={pki.KeyFile}");
        var payload = Path.Combine(pki.Directory, "present.json");
        await File.WriteAllTextAsync(payload, Payloads.Request("Present", Fqdn, Zone, "python-value-ddddddddddddddddddddddddddddddd"), Ct);

        var run = await Command.RunAsync(python,
            [Path.Combine(AppContext.BaseDirectory, "Scripts", "k8s_client.py"), host.BaseAddress.ToString().TrimEnd('/'), pki.CaFile, host.PkiFile("client.crt"), host.PkiFile("client.key"), Group, "embedded", payload]);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = JsonDocument.Parse(run.Stdout);
        Assert.Equal([Group], result.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        var answer = result.RootElement.GetProperty("answer");
        Assert.Equal("ChallengePayload", answer.GetProperty("kind").GetString());
        Assert.True(answer.GetProperty("response").GetProperty("success").GetBoolean());
        Assert.Equal(["python-value-ddddddddddddddddddddddddddddddd"], await TxtValuesAsync(Lookup(host.DnsPort), Fqdn));
    }

    [Fact]
    public async Task StandaloneHost_UnknownFlag_ExitsWithMessage()
    {
        var run = await Command.RunAsync("dotnet", [HostProcess.HostAssembly(), "--secure-prot=8443"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown flag: --secure-prot", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StandaloneHost_EmbeddedPortTaken_ExitsWithMessage()
    {
        using var pki = new TestPki();
        await using var first = await HostProcess.StartAsync(pki.CaFile, $"--tls-cert-file={pki.CertFile}", $"--tls-private-key-file={pki.KeyFile}");

        var run = await Command.RunAsync("dotnet",
            [HostProcess.HostAssembly(), $"--secure-port={HostProcess.FreePort()}", $"--embedded-dns-listen=127.0.0.1:{first.DnsPort}"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"127.0.0.1:{first.DnsPort}", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    private static LookupClient Lookup(int port) => new(new LookupClientOptions(new NameServer(IPAddress.Loopback, port))
    {
        Recursion = false,
        UseCache = false,
        Timeout = TimeSpan.FromSeconds(2),
        Retries = 1,
        ThrowDnsErrors = false,
    });

    private static async Task<string[]> TxtValuesAsync(LookupClient lookup, string name)
    {
        var response = await lookup.QueryAsync(name, QueryType.TXT, cancellationToken: Ct);
        Assert.True(response.Header.HasAuthorityAnswer, "the embedded server must answer authoritatively");
        return [.. response.Answers.OfType<TxtRecord>().Select(r => string.Concat(r.Text))];
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(50, Ct);
        }
    }
}

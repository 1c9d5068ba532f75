using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Solvers.SolverHost.FunctionalTests.Infrastructure;
using Solvers.TestUtilities;

namespace Solvers.Deploy.Tests.Infrastructure;

/// <summary>The shipped host started as the rendered Deployment starts it (its args and environment), against a fake
/// kube-apiserver on loopback whose authorizer answers exactly what the rendered RBAC grants. Adapted for the test
/// machine only where it must be: loopback instead of <c>0.0.0.0</c>, a free port, a kubeconfig instead of the
/// in-cluster service account, the mounted certificate folder replaced by a test PKI with the same file names.</summary>
public sealed class DeployedHost : IAsyncDisposable
{
    public const string FrontProxyName = "front-proxy-client";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TestPki _pki;
    private readonly DirectoryInfo _state;

    private DeployedHost(Process process, FakeKubeApiServer kube, TestPki pki, DirectoryInfo state, X509Certificate2 frontProxyClient, int port, List<JsonObject> objects)
    {
        _process = process;
        Kube = kube;
        _pki = pki;
        _state = state;
        FrontProxyClient = frontProxyClient;
        BaseAddress = new Uri($"https://127.0.0.1:{port}");
        Objects = objects;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public FakeKubeApiServer Kube { get; }

    public Uri BaseAddress { get; }

    /// <summary>The kube-apiserver's proxy client certificate (what the aggregator presents).</summary>
    public X509Certificate2 FrontProxyClient { get; }

    public List<JsonObject> Objects { get; }

    public JsonObject Deployment => Manifests.Single(Objects, "Deployment");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<DeployedHost> StartAsync(List<JsonObject> objects)
    {
        var kube = await FakeKubeApiServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var frontProxyCa = TestCertificates.CreateCa("front-proxy-ca");
        var frontProxyClient = TestCertificates.CreateClientCertificate(frontProxyCa, FrontProxyName);
        kube.SetExtensionApiserverAuthentication(
            clientCaPem: null,
            requestHeaderCaPem: frontProxyCa.ToPem(),
            allowedNames: [FrontProxyName],
            usernameHeaders: ["X-Remote-User"],
            groupHeaders: ["X-Remote-Group"],
            extraPrefixes: ["X-Remote-Extra-"]);
        Authorize(kube, objects);

        var pki = new TestPki();
        var state = Directory.CreateTempSubdirectory("solvers-deployed-");
        var kubeconfig = Path.Combine(state.FullName, "kubeconfig");
        kube.WriteKubeconfig(kubeconfig);
        var port = HostProcess.FreePort();

        var deployment = Manifests.Single(objects, "Deployment");
        var container = Manifests.Container(deployment);
        var tlsMount = ((string)container["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == "tls")!["mountPath"]!).TrimEnd('/');
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HostProcess.HostAssembly());
        foreach (var arg in Manifests.Args(deployment))
        {
            start.ArgumentList.Add(arg switch
            {
                _ when arg.StartsWith("--bind-address=", StringComparison.Ordinal) => "--bind-address=127.0.0.1",
                _ when arg.StartsWith("--secure-port=", StringComparison.Ordinal) => $"--secure-port={port}",
                _ when arg.StartsWith("--tls-", StringComparison.Ordinal) => arg.Replace(tlsMount + "/", Path.GetDirectoryName(pki.CertFile) + "/", StringComparison.Ordinal),
                _ => arg,
            });
        }

        start.ArgumentList.Add($"--kubeconfig={kubeconfig}");
        start.ArgumentList.Add($"--state-dir={state.FullName}");
        start.ArgumentList.Add($"--embedded-dns-listen=127.0.0.1:{HostProcess.FreePort()}");
        start.ArgumentList.Add("--dns01-recursive-nameservers=127.0.0.1:9");
        start.Environment.Remove("GROUP_NAME");
        foreach (var env in container["env"]?.AsArray() ?? [])
        {
            start.Environment[(string)env!["name"]!] = (string?)env["value"];
        }

        var host = new DeployedHost(Process.Start(start)!, kube, pki, state, frontProxyClient, port, objects);
        await host.WaitReadyAsync();
        return host;
    }

    /// <summary>A client that verifies the host's certificate and presents <paramref name="certificate"/>, if any.</summary>
    public HttpClient CreateClient(X509Certificate2? certificate = null)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(_pki.CaFile);
        var client = TestClients.Create(authorities, certificate);
        client.BaseAddress = BaseAddress;
        return client;
    }

    /// <summary>RBAC as rendered, turned into the fake's authorizer rules: each ServiceAccount subject of a
    /// ClusterRoleBinding (RoleBinding) gets exactly the rules of the ClusterRole (Role) it binds, cluster-wide (in the
    /// binding's namespace). Bindings to roles the manifests do not define (built-in ones) grant nothing here.</summary>
    private static void Authorize(FakeKubeApiServer kube, List<JsonObject> objects)
    {
        foreach (var binding in objects.Where(o => (string?)o["kind"] is "ClusterRoleBinding" or "RoleBinding"))
        {
            var bindingNamespace = (string?)binding["metadata"]!["namespace"];
            var roleKind = (string)binding["roleRef"]!["kind"]!;
            var role = objects.SingleOrDefault(o => (string?)o["kind"] == roleKind && (string?)o["metadata"]!["name"] == (string?)binding["roleRef"]!["name"]
                && (roleKind == "ClusterRole" || (string?)o["metadata"]!["namespace"] == bindingNamespace));
            if (role is null)
            {
                continue;
            }

            foreach (var subject in binding["subjects"]!.AsArray().Where(s => (string?)s!["kind"] == "ServiceAccount"))
            {
                var user = $"system:serviceaccount:{subject!["namespace"]}:{subject["name"]}";
                foreach (var rule in role["rules"]!.AsArray())
                {
                    foreach (var verb in Manifests.Strings(rule!["verbs"]))
                    {
                        foreach (var path in Manifests.Strings(rule["nonResourceURLs"]))
                        {
                            kube.AllowNonResource(user, verb, path);
                        }

                        foreach (var group in Manifests.Strings(rule["apiGroups"]))
                        {
                            foreach (var resource in Manifests.Strings(rule["resources"]))
                            {
                                kube.Allow(user, verb, group, resource, bindingNamespace);
                            }
                        }
                    }
                }
            }
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        using var client = CreateClient();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the host did not become ready within 60 s:\n{Output}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        FrontProxyClient.Dispose();
        _pki.Dispose();
        await Kube.DisposeAsync();
        _state.Delete(recursive: true);
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;

namespace Solvers.SolverHost.FunctionalTests.Infrastructure;

/// <summary>The solver host started as a separate process from its build output, as a user starts it, on free
/// loopback ports. Disposing sends SIGTERM and waits for a clean exit.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, int port, int dnsPort, DirectoryInfo stateDir)
    {
        _process = process;
        StateDir = stateDir;
        Port = port;
        DnsPort = dnsPort;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The host's development PKI (<c>ca.crt</c>, <c>client.crt</c>/<c>client.key</c> in system:masters).</summary>
    public DirectoryInfo StateDir { get; }

    public string PkiFile(string name) => Path.Combine(StateDir.FullName, name);

    public int DnsPort { get; }

    public Uri BaseAddress => new($"https://127.0.0.1:{Port}");

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

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts the host with <paramref name="args"/> plus free ports and its own state folder, and waits until
    /// <c>/readyz</c> is ok. <paramref name="caFile"/> verifies the serving certificate (default: the development CA).</summary>
    public static async Task<HostProcess> StartAsync(string? caFile = null, params string[] args)
    {
        var port = FreePort();
        var dnsPort = FreePort();
        var stateDir = Directory.CreateTempSubdirectory("solvers-state-");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostAssembly());
        start.ArgumentList.Add($"--secure-port={port}");
        var listen = args.FirstOrDefault(a => a.StartsWith("--embedded-dns-listen=", StringComparison.Ordinal));
        if (listen is null)
        {
            start.ArgumentList.Add($"--embedded-dns-listen=127.0.0.1:{dnsPort}");
        }
        else
        {
            dnsPort = int.Parse(listen[(listen.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }

        start.ArgumentList.Add($"--state-dir={stateDir.FullName}");

        // Propagation lookups must never leave loopback: without a resolver the system's would be asked.
        if (!args.Any(a => a.StartsWith("--dns01-recursive-nameservers=", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add("--dns01-recursive-nameservers=127.0.0.1:9");
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("GROUP_NAME");
        var host = new HostProcess(Process.Start(start)!, port, dnsPort, stateDir);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (host.ExitCode is { } code)
            {
                throw new InvalidOperationException($"the host exited with {code}:\n{host.Output}");
            }

            try
            {
                // The development CA exists once the host has started far enough to create it.
                using var client = host.CreateClient(caFile);
                using var response = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await host.DisposeAsync();
                throw new TimeoutException($"the host did not become ready within 60 s:\n{host.Output}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Stops the host like Kubernetes does (SIGTERM) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        return _process.ExitCode;
    }

    /// <summary>A client that verifies the serving certificate against <paramref name="caFile"/> (default: the development
    /// CA) and authenticates with the development client certificate (system:masters).</summary>
    public HttpClient CreateClient(string? caFile = null)
    {
        var client = TestClients.Create(caFile ?? PkiFile("ca.crt"), PkiFile("client.crt"), PkiFile("client.key"));
        client.BaseAddress = BaseAddress;
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        StateDir.Delete(recursive: true);
    }

    /// <summary>The host's build output beside this test project's: artifacts/bin/Solvers.SolverHost/&lt;configuration&gt;.</summary>
    public static string HostAssembly()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Name;
        var binRoot = testOutput.Parent!.Parent!.FullName;
        var path = Path.Combine(binRoot, "Solvers.SolverHost", configuration, "Solvers.SolverHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the host first: {path} is missing", path);
    }

    /// <summary>A port free for both TCP and UDP on 127.0.0.1 (the embedded DNS server takes both).</summary>
    public static int FreePort() => Solvers.TestUtilities.TestNetwork.FreePort();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

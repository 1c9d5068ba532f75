using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Security;
using Solvers.SolverHost.Solving;

namespace Solvers.SolverHost.Hosting;

/// <summary>Once serving, logs where the host listens and a ready-to-paste request, so a newcomer can try it at once.</summary>
internal sealed class StartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<SolverHostOptions> options,
    SolverRegistry registry,
    SecurityPosture posture,
    IConfiguration configuration,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            // The try-it text is for a person at a terminal: printed as is, beside one structured log line.
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? string.Empty;
            var solvers = string.Join(", ", registry.Names);
            Log.Serving(logger, address, options.Value.GroupName, solvers);
            Console.Out.WriteLine(Compose());
            Console.Out.Flush();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string Compose()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "https://127.0.0.1:8443";
        var group = options.Value.GroupName;
        var solvers = registry.Names;
        var text = $"Solver host serving {address} for API group {group} with solvers: {string.Join(", ", solvers)}";
        if (solvers.Count == 0)
        {
            return text;
        }

        // The example targets the embedded server's first zone when it is there, since that one can be queried at once.
        var solver = solvers.Contains("embedded") ? "embedded" : solvers[0];
        var zone = (configuration["Solvers:Providers:Embedded:Zones:0"] ?? "example.test.").TrimEnd('.');
        var url = $"{address.TrimEnd('/')}/apis/{group}/v1alpha1/{solver}";
        string Payload(string action) =>
            $$$"""{"request":{"uid":"","action":"{{{action}}}","type":"dns-01","dnsName":"{{{zone}}}","key":"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0","resourceNamespace":"default","resolvedFQDN":"_acme-challenge.{{{zone}}}.","resolvedZone":"{{{zone}}}.","allowAmbientCredentials":false}}""";

        string curl;
        if (posture.UsesDevelopmentPki)
        {
            var pki = posture.DevelopmentPki;
            curl = $"curl -s --cacert {Shorten(pki.CaFile)} --cert {Shorten(pki.ClientCertFile)} --key {Shorten(pki.ClientKeyFile)}";
            text += $"""

                Callers need a client certificate: the development PKI in {Shorten(pki.Directory)} has one in group {Tls.DevelopmentPki.ClientGroup}.
                """;
        }
        else
        {
            curl = string.IsNullOrEmpty(options.Value.TlsCertFile) ? "curl -sk" : "curl -s";
        }

        text += $"""

            Present a TXT value:
              {curl} {url} -H 'Content-Type: application/json' -d '{Payload("Present")}'
            """;
        if (solver == "embedded")
        {
            var listen = configuration["Solvers:Providers:Embedded:Listen"] ?? "127.0.0.1:8053";
            var colon = listen.LastIndexOf(':');
            var host = listen[..colon].Trim('[', ']');
            var port = listen[(colon + 1)..];
            text += $"""

                See it on the embedded DNS server:
                  dig @{host} -p {port} TXT _acme-challenge.{zone} +norec
                """;
        }

        text += $"""

            Remove it again:
              {curl} {url} -H 'Content-Type: application/json' -d '{Payload("CleanUp")}'
            """;
        return text;
    }

    /// <summary>A path relative to the working directory when it lies below it, so the commands stay short.</summary>
    private static string Shorten(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}

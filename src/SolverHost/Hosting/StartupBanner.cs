using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Solving;

namespace Solvers.SolverHost.Hosting;

/// <summary>Once serving, logs where the host listens and a ready-to-paste request, so a newcomer can try it at once.</summary>
internal sealed class StartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<SolverHostOptions> options,
    SolverRegistry registry,
    IConfiguration configuration,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var banner = Compose();
                Log.Banner(logger, banner);
            }
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

        text += $"""

            Present a TXT value (the certificate is self-signed unless --tls-cert-file is given, hence -k):
              curl -sk {url} -H 'Content-Type: application/json' -d '{Payload("Present")}'
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
              curl -sk {url} -H 'Content-Type: application/json' -d '{Payload("CleanUp")}'
            """;
        return text;
    }
}

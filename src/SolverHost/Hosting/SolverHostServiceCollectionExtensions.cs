using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Solvers.Abstractions;
using Solvers.SolverHost.Api;
using Solvers.SolverHost.Diagnostics;
using Solvers.SolverHost.Health;
using Solvers.SolverHost.Hosting;
using Solvers.SolverHost.Propagation;
using Solvers.SolverHost.Secrets;
using Solvers.SolverHost.Security;
using Solvers.SolverHost.Solving;
using Solvers.SolverHost.Tls;

#pragma warning disable IDE0130 // Registration extensions live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the solver host: the cert-manager webhook API, discovery, health, metrics and HTTPS serving.</summary>
public static class SolverHostServiceCollectionExtensions
{
    /// <summary>Adds the host's services; chain provider registrations on the result:
    /// <c>services.AddSolverHost(configuration).AddEmbeddedDns()</c>.</summary>
    public static ISolverBuilder AddSolverHost(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SolverHostOptions>().Bind(configuration.GetSection(SolverHostOptions.SectionName)).ValidateOnStart();
        services.AddOptions<SolverAuthenticationOptions>().Bind(configuration.GetSection(SolverAuthenticationOptions.SectionName));
        services.AddOptions<SolverAuthorizationOptions>().Bind(configuration.GetSection(SolverAuthorizationOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SolverHostOptions>, SolverHostOptionsValidator>());
        services.TryAddSingleton(sp => new SecurityPosture(configuration));
        services.TryAddSingleton<DevelopmentPkiOptions>();
        services.AddSingleton<IPostConfigureOptions<SolverHostOptions>>(sp => sp.GetRequiredService<DevelopmentPkiOptions>());
        services.AddSingleton<IPostConfigureOptions<SolverAuthenticationOptions>>(sp => sp.GetRequiredService<DevelopmentPkiOptions>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SolverRegistry>();
        services.TryAddSingleton<SolverDispatcher>();
        services.AddOptions<HostPropagationOptions>().Bind(configuration.GetSection(HostPropagationOptions.SectionName));
        services.TryAddSingleton<PropagationWaiter>();
        services.TryAddSingleton<SolverMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Http.IHttpMessageHandlerBuilderFilter, ProviderHttpMetricsFilter>());
        services.TryAddSingleton<DiscoveryDocuments>();
        services.TryAddSingleton<HealthState>();
        services.TryAddSingleton<ServingCertificateProvider>();
        services.TryAddSingleton<KubernetesClients>();
        services.TryAddSingleton<AuthenticationSources>();
        services.TryAddSingleton<TokenReviewer>();
        services.TryAddSingleton<SubjectAccessReviewer>();
        services.TryAddSingleton<ISecretSource>(sp =>
        {
            var secretsDir = sp.GetRequiredService<IOptions<SolverHostOptions>>().Value.SecretsDir;
            var kubernetes = sp.GetRequiredService<KubernetesClients>().Core;
            return !string.IsNullOrEmpty(secretsDir) ? new DirectorySecretSource(secretsDir)
                : kubernetes is not null ? new KubernetesSecretSource(kubernetes, sp.GetRequiredService<TimeProvider>())
                : new UnconfiguredSecretSource();
        });

        services.AddHostedService<AuthenticationSourcesLoader>();
        services.AddHostedService<SolverInitializationService>();
        services.AddHostedService<ShutdownCoordinator>();
        services.AddHostedService<StartupBanner>();

        services.AddOptions<HostOptions>().Configure<IOptions<SolverHostOptions>>((host, solver) =>
            host.ShutdownTimeout = solver.Value.ShutdownDelay + solver.Value.SolverTimeout + TimeSpan.FromSeconds(5));

        // Nothing here protects data with keys; an ephemeral provider keeps a read-only root filesystem quiet.
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddHttpContextAccessor();
        services.AddAuthentication(SolverAuthentication.Scheme)
            .AddScheme<AuthenticationSchemeOptions, KubernetesAuthenticationHandler>(SolverAuthentication.Scheme, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(SolverAuthentication.ApiPolicy, policy => policy.AddRequirements(new ApiAccessRequirement()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, KubernetesAuthorizationHandler>());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, StatusAuthorizationResultHandler>();

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SolverHostOptions>, ServingCertificateProvider>(ConfigureKestrel);

        return new SolverBuilder(services);
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, IOptions<SolverHostOptions> options, ServingCertificateProvider certificates)
    {
        var settings = options.Value;
        kestrel.AddServerHeader = false;
        kestrel.Limits.Http2.MaxStreamsPerConnection = settings.Http2MaxStreamsPerConnection;

        // The endpoint enforces the apiserver's 3 MiB itself, with a Status body; this is only a backstop.
        kestrel.Limits.MaxRequestBodySize = 2L * ChallengePayload.MaxBodyBytes;

        // An invalid address fails options validation with a clear message before Kestrel starts.
        var address = IPAddress.TryParse(settings.BindAddress, out var parsed) ? parsed : IPAddress.Loopback;
        kestrel.Listen(address, settings.SecurePort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = certificates.Current,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],

                    // Ask for a client certificate but never refuse the handshake, as the Go apiserver does:
                    // probes have none, and authentication decides what a certificate is worth.
                    ClientCertificateRequired = true,
#pragma warning disable CA5359 // This validates client certificates, and deliberately leaves that to authentication.
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
                }),
            });
        });
    }
}

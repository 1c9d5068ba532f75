using Microsoft.Extensions.Options;
using Solvers.SolverHost.Hosting;
using Solvers.SolverHost.Security;

namespace Solvers.SolverHost.Tests.Hosting;

public sealed class SolverHostOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_WithGroupName_Succeed()
    {
        var result = Validate(new SolverHostOptions { GroupName = "acme.example.com" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_EmptyGroup_FailsNamingTheFlag(string group)
    {
        var message = Failure(new SolverHostOptions { GroupName = group });

        Assert.Contains("--group-name (or GROUP_NAME) is required", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Acme.Example.com")]
    [InlineData("acme.EXAMPLE.com")]
    public void Validate_UppercaseGroup_Fails(string group)
    {
        var message = Failure(new SolverHostOptions { GroupName = group });

        Assert.Contains($"--group-name \"{group}\" is not a lowercase DNS subdomain", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("localhost")]
    public void Validate_SingleLabelGroup_Fails(string group)
    {
        var message = Failure(new SolverHostOptions { GroupName = group });

        Assert.Contains("at least two labels", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme.example.com.")]
    [InlineData("acme..example.com")]
    [InlineData("acme example.com")]
    public void Validate_MalformedGroup_Fails(string group)
    {
        Assert.Contains("--group-name", Failure(new SolverHostOptions { GroupName = group }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme_solvers.example.com")]
    [InlineData("*.example.com")]
    [InlineData("-acme.example.com")]
    [InlineData("acme!.example.com")]
    public void Validate_GroupThatIsNotAKubernetesSubdomain_Fails(string group)
    {
        // The APIService v1alpha1.<group> must be a DNS-1123 subdomain, which is what the message promises.
        Assert.Contains("--group-name", Failure(new SolverHostOptions { GroupName = group }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    public void Validate_LoopbackBind_Succeeds(string address)
    {
        var result = Validate(new SolverHostOptions { GroupName = "acme.example.com", BindAddress = address });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("10.1.2.3")]
    public void Validate_NonLoopbackBind_IsRefusedMentioningTheOptOut(string address)
    {
        var message = Failure(new SolverHostOptions { GroupName = "acme.example.com", BindAddress = address });

        Assert.Contains($"refusing to serve on {address}", message, StringComparison.Ordinal);
        Assert.Contains("--insecure-allow-unauthenticated", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void Validate_NonLoopbackBindWithOptOut_Succeeds(string address)
    {
        var result = Validate(new SolverHostOptions { GroupName = "acme.example.com", BindAddress = address, InsecureAllowUnauthenticated = true });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("")]
    [InlineData("256.0.0.1")]
    public void Validate_BindAddressNotAnIp_Fails(string address)
    {
        var message = Failure(new SolverHostOptions { GroupName = "acme.example.com", BindAddress = address });

        Assert.Contains($"--bind-address \"{address}\" is not an IP address", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Validate_PortOutOfRange_Fails(int port)
    {
        Assert.Contains("--secure-port", Failure(new SolverHostOptions { GroupName = "acme.example.com", SecurePort = port }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65535)]
    public void Validate_PortInRange_Succeeds(int port)
    {
        Assert.True(Validate(new SolverHostOptions { GroupName = "acme.example.com", SecurePort = port }).Succeeded);
    }

    [Theory]
    [InlineData("/tls/tls.crt", null)]
    [InlineData(null, "/tls/tls.key")]
    [InlineData("/tls/tls.crt", "")]
    public void Validate_CertWithoutKeyOrKeyWithoutCert_Fails(string? cert, string? key)
    {
        var message = Failure(new SolverHostOptions { GroupName = "acme.example.com", TlsCertFile = cert, TlsPrivateKeyFile = key });

        Assert.Contains("--tls-cert-file and --tls-private-key-file must be given together", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertAndKey_Succeeds()
    {
        Assert.True(Validate(new SolverHostOptions { GroupName = "acme.example.com", TlsCertFile = "/tls/tls.crt", TlsPrivateKeyFile = "/tls/tls.key" }).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(35)]
    public void Validate_TimeoutOutsideBudget_Fails(int seconds)
    {
        var message = Failure(new SolverHostOptions { GroupName = "acme.example.com", SolverTimeout = TimeSpan.FromSeconds(seconds) });

        Assert.Contains("--solver-timeout", message, StringComparison.Ordinal);
        Assert.Contains("34s", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(34)]
    public void Validate_TimeoutWithinBudget_Succeeds(int seconds)
    {
        Assert.True(Validate(new SolverHostOptions { GroupName = "acme.example.com", SolverTimeout = TimeSpan.FromSeconds(seconds) }).Succeeded);
    }

    [Fact]
    public void Validate_NegativeShutdownDelay_Fails()
    {
        var message = Failure(new SolverHostOptions { GroupName = "acme.example.com", ShutdownDelay = TimeSpan.FromSeconds(-1) });

        Assert.Contains("--shutdown-delay-duration", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroHttp2Streams_Fails()
    {
        Assert.Contains(
            "--http2-max-streams-per-connection",
            Failure(new SolverHostOptions { GroupName = "acme.example.com", Http2MaxStreamsPerConnection = 0 }),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroReloadInterval_Fails()
    {
        Assert.Contains(
            "TlsReloadInterval",
            Failure(new SolverHostOptions { GroupName = "acme.example.com", TlsReloadInterval = TimeSpan.Zero }),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("JSON")]
    public void Validate_UnknownLoggingFormat_Fails(string format)
    {
        Assert.Contains("--logging-format", Failure(new SolverHostOptions { GroupName = "acme.example.com", LoggingFormat = format }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var result = Validate(new SolverHostOptions { GroupName = string.Empty, BindAddress = "0.0.0.0", SolverTimeout = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    public void Validate_NonLoopbackBindWithClientCa_Succeeds(string address)
    {
        var options = new SolverHostOptions { GroupName = "acme.example.com", BindAddress = address };
        var authentication = new SolverAuthenticationOptions { ClientCaFile = "/etc/solvers/client-ca.crt" };

        var result = new SolverHostOptionsValidator(new SecurityPosture(options, authentication)).Validate(name: null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    private static ValidateOptionsResult Validate(SolverHostOptions options) =>
        new SolverHostOptionsValidator(new SecurityPosture(options, new SolverAuthenticationOptions())).Validate(name: null, options);

    private static string Failure(SolverHostOptions options)
    {
        var result = Validate(options);
        Assert.True(result.Failed, "expected validation to fail");
        return result.FailureMessage;
    }
}

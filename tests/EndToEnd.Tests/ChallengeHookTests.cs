using System.Text;
using Solvers.EndToEnd.Tests.Infrastructure;
using Solvers.TestUtilities;

namespace Solvers.EndToEnd.Tests;

/// <summary>The certbot hook itself: it must send what cert-manager sends, and fail with the host's message.</summary>
[Collection(EndToEndDefinition.Name)]
public sealed class ChallengeHookTests(EndToEndEnvironment environment)
{
    /// <summary>The request of the contract's example (cert-manager-contract.md §1.4), byte for byte as cert-manager's Go
    /// client writes it: no apiVersion/kind, Go struct field order, config keys sorted, a closing newline.</summary>
    private const string ContractExample =
        """{"request":{"uid":"","action":"Present","type":"dns-01","dnsName":"example.com","key":"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0","resourceNamespace":"cert-manager","resolvedFQDN":"_acme-challenge.example.com.","resolvedZone":"example.com.","allowAmbientCredentials":true,"config":{"apiTokenSecretRef":{"key":"token","name":"my-dns-secret"}}}}"""
        + "\n";

    [Fact]
    public async Task Hook_ContractExample_SendsCertManagersBytesAndPrintsTheHostsRefusal()
    {
        // The issuer's config as a user writes it (keys unsorted), sent to a solver it does not fit.
        var hook = environment.Hook("embedded", """{"apiTokenSecretRef":{"name":"my-dns-secret","key":"token"}}""") with { Zone = "example.com" };

        var (result, call) = await RunPresentAsync(hook, "example.com");

        Assert.Equal(ContractExample, call.Body);
        // The embedded solver has no such field: the host answers 201 with success false, and the hook fails with its message.
        Assert.Equal(201, call.Status);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Present for example.com failed: embedded: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("apiTokenSecretRef", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hook_UserOutsideTheAllowedGroups_RefusedWith403()
    {
        var hook = environment.Hook("embedded", null) with { User = "system:serviceaccount:default:intruder", Groups = ["system:serviceaccounts", "system:authenticated"] };

        var (result, call) = await RunPresentAsync(hook, "refused.example.test");

        Assert.Equal(403, call.Status);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("HTTP 403: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(
            $"User \\\"system:serviceaccount:default:intruder\\\" cannot create resource \\\"embedded\\\" in API group \\\"{SolverHostServer.GroupName}\\\"",
            result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hook_ProxyCertificateFromAnotherCa_RefusedWith401()
    {
        var folder = environment.NewRunFolder("stranger");
        using var strangerCa = TestCertificates.CreateCa("stranger-ca");
        using var stranger = TestCertificates.CreateClientCertificate(strangerCa, EndToEndPki.FrontProxyClientName);
        var files = stranger.WritePemFiles(folder, "stranger");
        var hook = environment.Hook("embedded", null) with { FrontProxyCertificateFile = files.CertificateFile, FrontProxyKeyFile = files.KeyFile };

        var (result, call) = await RunPresentAsync(hook, "stranger.example.test");

        Assert.Equal(401, call.Status);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("HTTP 401: ", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<(CommandResult Result, HookCall Call)> RunPresentAsync(HookSettings hook, string domain)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var log = Path.Combine(environment.NewRunFolder("hook"), "hook-requests.jsonl");
        var variables = Certbot.HookEnvironment(hook, log);
        variables["CERTBOT_DOMAIN"] = domain;
        variables["CERTBOT_VALIDATION"] = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
        var result = await Command.RunAsync(Certbot.Python(), [Certbot.HookScript, "present"], variables, TimeSpan.FromSeconds(60), cancellationToken);
        return (result, HookCall.Parse(Assert.Single(await File.ReadAllLinesAsync(log, Encoding.UTF8, cancellationToken))));
    }
}

using System.Text;
using Solvers.EndToEnd.Tests.Infrastructure;

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
        var cancellationToken = TestContext.Current.CancellationToken;
        var folder = environment.NewRunFolder("hook");
        var log = Path.Combine(folder, "hook-requests.jsonl");
        // The issuer's config as a user writes it (keys unsorted), sent to a solver it does not fit.
        var hook = environment.Hook("embedded", """{"apiTokenSecretRef":{"name":"my-dns-secret","key":"token"}}""") with { Zone = "example.com" };
        var variables = Certbot.HookEnvironment(hook, log);
        variables["CERTBOT_DOMAIN"] = "example.com";
        variables["CERTBOT_VALIDATION"] = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";

        var result = await Command.RunAsync(Certbot.Python(), [Certbot.HookScript, "present"], variables, TimeSpan.FromSeconds(60), cancellationToken);

        var call = HookCall.Parse(Assert.Single(await File.ReadAllLinesAsync(log, Encoding.UTF8, cancellationToken)));
        Assert.Equal(ContractExample, call.Body);
        // The embedded solver has no such field: the host answers 201 with success false, and the hook fails with its message.
        Assert.Equal(201, call.Status);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Present for example.com failed: embedded: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("apiTokenSecretRef", result.Stderr, StringComparison.Ordinal);
    }
}

using Solvers.SolverHost.FunctionalTests.Infrastructure;

namespace Solvers.SolverHost.FunctionalTests.Propagation;

/// <summary>The propagation check as users meet it: the host waiting after Present, and the <c>check</c> command,
/// against the embedded authoritative server.</summary>
public sealed class PropagationTests
{
    private const string Group = "acme.solvers.test";
    private const string Fqdn = "_acme-challenge.example.test.";
    private const string Zone = "example.test.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckCommand_ValuePresentOrNot_PrintsEachServerAndExitsAccordingly()
    {
        await using var host = await HostProcess.StartAsync();
        using var client = host.CreateClient();
        const string value = "check-value-jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj";
        Assert.True((await Payloads.SolveAsync(client, Group, "embedded", Payloads.Request("Present", Fqdn, Zone, value), Ct)).Success);
        string[] common = ["--recursive-nameservers", $"127.0.0.1:{host.DnsPort}", "--authoritative-port", $"{host.DnsPort}"];

        var present = await Command.RunAsync("dotnet", [HostProcess.HostAssembly(), "check", Fqdn, value, .. common]);
        // The deadline covers the first check's JIT and lookups too, so it must outlast a slow start on a busy machine.
        var absent = await Command.RunAsync("dotnet", [HostProcess.HostAssembly(), "check", Fqdn, "another-value", "--timeout=4s", .. common]);
        var usage = await Command.RunAsync("dotnet", [HostProcess.HostAssembly(), "check", Fqdn]);

        Assert.True(present.ExitCode == 0, present.ToString());
        Assert.Matches(@"ns1\.example\.test\.\s+127\.0\.0\.1\s+serving", present.Stdout);
        Assert.Contains("propagated: the address serves it", present.Stdout, StringComparison.Ordinal);
        Assert.True(absent.ExitCode == 1, absent.ToString());
        Assert.Matches(@"ns1\.example\.test\.\s+127\.0\.0\.1\s+not yet", absent.Stdout);
        Assert.Contains("not propagated: ns1.example.test. (127.0.0.1) serves serial", absent.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("expected exactly two arguments", usage.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Present_WithPropagationWait_AnswersAfterEveryServerServesIt()
    {
        var dnsPort = HostProcess.FreePort();
        await using var host = await HostProcess.StartAsync(null,
            $"--embedded-dns-listen=127.0.0.1:{dnsPort}",
            "--propagation-skip-solvers=none",
            $"--dns01-recursive-nameservers=127.0.0.1:{dnsPort}",
            $"--propagation-authoritative-port={dnsPort}");
        using var client = host.CreateClient();

        var (success, message) = await Payloads.SolveAsync(client, Group, "embedded", Payloads.Request("Present", Fqdn, Zone, "waited-value-kkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"), Ct);
        var metrics = await client.GetStringAsync("/metrics", Ct);

        Assert.True(success, message);
        Assert.Contains("solvers_propagation_wait_seconds_count{solver=\"embedded\",outcome=\"propagated\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("Propagated: solver embedded, fqdn _acme-challenge.example.test.", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Present_WhenPropagationCannotBeSeen_StillSucceedsWithinTheBudget()
    {
        var deadResolver = HostProcess.FreePort();
        await using var host = await HostProcess.StartAsync(null,
            "--solver-timeout=3s",
            "--propagation-skip-solvers=none",
            $"--dns01-recursive-nameservers=127.0.0.1:{deadResolver}");
        using var client = host.CreateClient();

        var (success, message) = await Payloads.SolveAsync(client, Group, "embedded", Payloads.Request("Present", Fqdn, Zone, "unseen-value-llllllllllllllllllllllllllllll"), Ct);

        Assert.True(success, message);
        Assert.Contains("Not yet propagated when the time budget ran out (answering success", host.Output, StringComparison.Ordinal);
    }
}

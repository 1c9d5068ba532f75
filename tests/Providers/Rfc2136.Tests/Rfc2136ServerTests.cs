using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Solvers.Abstractions;
using Solvers.Propagation;
using Solvers.Testing.DnsServers;
using static Solvers.Providers.Rfc2136.Tests.Rfc2136;

namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>The provider against one real server, through UPDATE messages, observed by the propagation checker on every
/// authoritative server and by zone transfers. <see cref="BindServerTests"/> and <see cref="KnotServerTests"/> run it
/// against BIND9 and Knot.</summary>
public abstract class Rfc2136ServerTests(UpdateTree shared)
{
    protected DnsTestTree Tree => shared.Tree;

    /// <summary>The zone that takes the updates.</summary>
    protected abstract string Zone { get; }

    /// <summary>The zone's primary, where updates go.</summary>
    protected abstract DnsTestServer Primary { get; }

    /// <summary>Every address the propagation checker should find serving the zone.</summary>
    protected abstract IPEndPoint[] Authoritative { get; }

    /// <summary>The message for an unsigned update, which the server's policy does not allow; <c>{fqdn}</c> stands for the name.</summary>
    protected abstract string UnsignedRejection { get; }

    protected IPEndPoint Endpoint => Tree.EndpointsOf(Primary)[0];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Waits until every authoritative server has the primary's latest data.</summary>
    protected abstract Task SettleAsync();

    [Fact]
    public async Task PresentAsync_ThenCleanUpAsync_ServedByEveryAuthoritativeServerThenGoneAndNothingElseChanged()
    {
        var provider = new Rfc2136DnsProvider();
        var (fqdn, value) = (UniqueName(Zone), NewValue());
        var challenge = Challenge(fqdn, value, Zone, Secrets(Tree));
        var before = await SnapshotAsync();

        await provider.PresentAsync(challenge, Config(Tree, Endpoint), Ct);
        var served = await Checker(Tree).WaitAsync(DnsName.Parse(fqdn), value, Ct);
        var during = await SnapshotAsync();
        await provider.CleanUpAsync(challenge, Config(Tree, Endpoint), Ct);
        await SettleAsync();
        var gone = await Checker(Tree).CheckAsync(DnsName.Parse(fqdn), value, Ct);
        var after = await SnapshotAsync();

        Assert.True(served.Propagated, served.ToTable());
        Assert.Equal(Authoritative, served.Servers.Select(s => s.Address));
        Assert.All(served.Servers, s => Assert.Equal(NameserverState.Serving, s.State));
        Assert.Equal(Content([.. before, Txt(fqdn, value)]), Content(during));
        Assert.True(during[0].Data != before[0].Data, "the SOA serial moved on");

        Assert.False(gone.Propagated, gone.ToTable());
        Assert.Equal(Authoritative, gone.Servers.Select(s => s.Address));
        Assert.All(gone.Servers, s => Assert.Equal(NameserverState.NotYet, s.State));
        Assert.Equal(Content(before), Content(after));
    }

    [Fact]
    public async Task PresentAsync_Twice_OneRecord()
    {
        var provider = new Rfc2136DnsProvider();
        var (fqdn, value) = (UniqueName(Zone), NewValue());
        var challenge = Challenge(fqdn, value, Zone, Secrets(Tree));

        await provider.PresentAsync(challenge, Config(Tree, Endpoint), Ct);
        await provider.PresentAsync(challenge, Config(Tree, Endpoint), Ct);

        Assert.Equal([Txt(fqdn, value)], (await SnapshotAsync()).Where(r => r.Name == fqdn));
        await provider.CleanUpAsync(challenge, Config(Tree, Endpoint), Ct);
    }

    [Fact]
    public async Task CleanUpAsync_OneOfTwoValues_TheOtherStays()
    {
        var provider = new Rfc2136DnsProvider();
        var secrets = Secrets(Tree);
        var fqdn = UniqueName(Zone);
        var (first, second) = (NewValue(), NewValue());
        await provider.PresentAsync(Challenge(fqdn, first, Zone, secrets), Config(Tree, Endpoint), Ct);
        await provider.PresentAsync(Challenge(fqdn, second, Zone, secrets), Config(Tree, Endpoint), Ct);

        await provider.CleanUpAsync(Challenge(fqdn, first, Zone, secrets), Config(Tree, Endpoint), Ct);
        // The remaining value was served before the CleanUp too: wait for the removal itself to reach every server.
        await SettleAsync();
        var report = await Checker(Tree).WaitAsync(DnsName.Parse(fqdn), second, Ct);
        var firstGone = await Checker(Tree).CheckAsync(DnsName.Parse(fqdn), first, Ct);

        Assert.Equal([Txt(fqdn, second)], (await SnapshotAsync()).Where(r => r.Name == fqdn));
        Assert.True(report.Propagated, report.ToTable());
        Assert.All(firstGone.Servers, s => Assert.Equal(NameserverState.NotYet, s.State));
        await provider.CleanUpAsync(Challenge(fqdn, second, Zone, secrets), Config(Tree, Endpoint), Ct);
    }

    [Fact]
    public async Task CleanUpAsync_ValueAbsent_SucceedsAndChangesNothing()
    {
        var provider = new Rfc2136DnsProvider();
        var before = await SnapshotAsync();

        await provider.CleanUpAsync(Challenge(UniqueName(Zone), NewValue(), Zone, Secrets(Tree)), Config(Tree, Endpoint), Ct);

        Assert.Equal(Content(before), Content(await SnapshotAsync()));
    }

    [Fact]
    public async Task PresentAsync_OverTcp_IsApplied()
    {
        var provider = new Rfc2136DnsProvider();
        var (fqdn, value) = (UniqueName(Zone), NewValue());
        var challenge = Challenge(fqdn, value, Zone, Secrets(Tree));
        var config = Config(Tree, Endpoint) with { Protocol = Rfc2136Protocol.Tcp, Ttl = 120 };

        await provider.PresentAsync(challenge, config, Ct);
        var present = (await SnapshotAsync()).Where(r => r.Name == fqdn).ToList();
        await provider.CleanUpAsync(challenge, config, Ct);

        Assert.Equal([Txt(fqdn, value, ttl: 120)], present);
        Assert.DoesNotContain(await SnapshotAsync(), r => r.Name == fqdn);
    }

    [Theory]
    [InlineData(Rfc2136TsigAlgorithm.HmacMd5, "hmac-md5")]
    [InlineData(Rfc2136TsigAlgorithm.HmacSha1, "hmac-sha1")]
    [InlineData(Rfc2136TsigAlgorithm.HmacSha256, "hmac-sha256")]
    [InlineData(Rfc2136TsigAlgorithm.HmacSha512, "hmac-sha512")]
    public async Task PresentAsync_EachTsigAlgorithm_AppliedAndCleanedUp(Rfc2136TsigAlgorithm algorithm, string serverAlgorithm)
    {
        var provider = new Rfc2136DnsProvider();
        var key = Assert.Single(Tree.AlgorithmKeys, k => k.Algorithm == serverAlgorithm);
        var challenge = Challenge(UniqueName(Zone), NewValue(), Zone, new TestSecrets().With(SecretName, SecretKey, key.Secret));
        var config = Config(Tree, Endpoint) with { TsigKeyName = key.Name, TsigAlgorithm = algorithm };

        await provider.PresentAsync(challenge, config, Ct);
        var present = (await SnapshotAsync()).Where(r => r.Name == challenge.Fqdn.Value).ToList();
        await provider.CleanUpAsync(challenge, config, Ct);

        Assert.Equal([Txt(challenge.Fqdn.Value, challenge.Value)], present);
        Assert.DoesNotContain(await SnapshotAsync(), r => r.Name == challenge.Fqdn.Value);
    }

    [Fact]
    public async Task PresentAsync_FiftyConcurrentValuesAtOneNameAndFiftyNames_AllPresentThenCleanedUpExactly()
    {
        var provider = new Rfc2136DnsProvider();
        var secrets = Secrets(Tree);
        var config = Config(Tree, Endpoint);
        var shared = UniqueName(Zone);
        var challenges = Enumerable.Range(0, 50).Select(_ => Challenge(shared, NewValue(), Zone, secrets))
            .Concat(Enumerable.Range(0, 50).Select(_ => Challenge(UniqueName(Zone), NewValue(), Zone, secrets)))
            .ToList();
        var before = await SnapshotAsync();

        await Task.WhenAll(challenges.Select(c => provider.PresentAsync(c, config, Ct)));
        var during = await SnapshotAsync();
        await Task.WhenAll(challenges.Select(c => provider.CleanUpAsync(c, config, Ct)));
        var after = await SnapshotAsync();

        var expected = Content(before).Concat(challenges.Select(c => Txt(c.Fqdn.Value, c.Value)));
        Assert.Equal(expected.OrderBy(r => r.ToString(), StringComparer.Ordinal), Content(during));
        Assert.Equal(50, during.Count(r => r.Name == shared));
        Assert.Equal(Content(before), Content(after));
    }

    [Fact]
    public async Task PresentAsync_UnknownKeyName_SaysSoAndChangesNothing()
    {
        var config = Config(Tree, Endpoint) with { TsigKeyName = "someone-else" };

        var message = await FailureAsync(config, Secrets(Tree));

        Assert.Equal(
            $"{Format(Endpoint)} does not know TSIG key someone-else. with algorithm hmac-sha256 (NOTAUTH, BADKEY) for the update of "
            + $"zone {Zone}; check tsigKeyName and tsigAlgorithm against the key in the server's configuration",
            message);
    }

    [Fact]
    public async Task PresentAsync_WrongSecret_SaysSoAndChangesNothing()
    {
        var secrets = new TestSecrets().With(SecretName, SecretKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var message = await FailureAsync(Config(Tree, Endpoint), secrets);

        Assert.Equal(
            $"{Format(Endpoint)} found the TSIG signature of TSIG key {Tree.TsigKey.Name} wrong (NOTAUTH, BADSIG) for the update of "
            + $"zone {Zone}; the secret in cert-manager/{SecretName} key {SecretKey} or tsigAlgorithm (hmac-sha256) does not match the server's key",
            message);
    }

    [Fact]
    public async Task PresentAsync_WrongAlgorithm_SaysSoAndChangesNothing()
    {
        var config = Config(Tree, Endpoint) with { TsigAlgorithm = Rfc2136TsigAlgorithm.HmacSha512 };

        var message = await FailureAsync(config, Secrets(Tree));

        // Both servers look keys up by name and algorithm.
        Assert.Equal(
            $"{Format(Endpoint)} does not know TSIG key {Tree.TsigKey.Name} with algorithm hmac-sha512 (NOTAUTH, BADKEY) for the update of "
            + $"zone {Zone}; check tsigKeyName and tsigAlgorithm against the key in the server's configuration",
            message);
    }

    [Fact]
    public async Task PresentAsync_ClockSkew_SaysSoAndChangesNothing()
    {
        var skewed = new Rfc2136DnsProvider(timeProvider: new SkewedTimeProvider(TimeSpan.FromHours(-1)));

        var message = await FailureAsync(Config(Tree, Endpoint), Secrets(Tree), skewed);

        Assert.Equal(
            $"{Format(Endpoint)} rejected the time of the TSIG signature (NOTAUTH, BADTIME) for the update of zone {Zone}: this "
            + "host's clock and the server's differ by more than 300 s; synchronise them (NTP)",
            message);
    }

    [Theory]
    [InlineData("nothere.test.")]
    [InlineData("sub.{zone}")]
    public async Task PresentAsync_ZoneNotServed_SaysSoAndChangesNothing(string zone)
    {
        // A zone no server has, and a name inside the served zone that is not a zone of its own.
        var wrongZone = zone.Replace("{zone}", Zone, StringComparison.Ordinal);

        var message = await FailureAsync(Config(Tree, Endpoint), Secrets(Tree), zone: wrongZone);

        Assert.Equal(
            $"{Format(Endpoint)} is not authoritative for zone {wrongZone} (NOTAUTH): the zone is not served there, or {wrongZone} is not a "
            + "zone of its own but a name inside one; nameserver must be the zone's primary server",
            message);
    }

    [Fact]
    public async Task PresentAsync_Unsigned_RefusedByUpdatePolicy()
    {
        var config = Config(Tree, Endpoint) with { TsigKeyName = null, TsigSecretSecretRef = null };

        var fqdn = UniqueName(Zone);

        var message = await FailureAsync(config, new TestSecrets(), fqdn: fqdn);

        Assert.Equal(UnsignedRejection.Replace("{fqdn}", fqdn, StringComparison.Ordinal), message);
    }

    [Fact]
    public async Task PresentAsync_ServerSilentAndCanceled_ThrowsOperationCanceledAndChangesNothing()
    {
        // A bound UDP socket that never answers: the update waits for its timeout unless canceled.
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var config = Config(Tree, (IPEndPoint)silent.Client.LocalEndPoint!) with { TimeoutSeconds = 30 };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var before = await SnapshotAsync();

        var present = new Rfc2136DnsProvider().PresentAsync(Challenge(UniqueName(Zone), NewValue(), Zone, Secrets(Tree)), config, cancel.Token);
        var received = await silent.ReceiveAsync(Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => present);
        Assert.True(received.Buffer.Length > 12, "an UPDATE message arrived");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData(Rfc2136Protocol.Udp)]
    [InlineData(Rfc2136Protocol.Tcp)]
    public async Task PresentAsync_NothingListening_SaysUnreachableAndChangesNothing(Rfc2136Protocol protocol)
    {
        var dead = DeadEndpoint();
        var config = Config(Tree, dead) with { Protocol = protocol, TimeoutSeconds = 1 };

        var message = await FailureAsync(config, Secrets(Tree));

        Assert.Equal(
            $"no answer from {Format(dead)} ({protocol.ToString().ToUpperInvariant()}) to the update of zone {Zone} within 1 s: the server is "
            + "unreachable, nothing listens on that port, or a firewall drops the messages; check nameserver and protocol",
            message);
    }

    /// <summary>Presents a fresh value with <paramref name="config"/>, expects a <see cref="DnsProviderException"/>, checks
    /// that the zone did not change (SOA included), and returns the message.</summary>
    private async Task<string> FailureAsync(
        Rfc2136Config config, ISecretReader secrets, Rfc2136DnsProvider? provider = null, string? zone = null, string? fqdn = null)
    {
        zone ??= Zone;
        fqdn ??= UniqueName(zone);
        var before = await SnapshotAsync();
        var value = NewValue();

        var e = await Assert.ThrowsAsync<DnsProviderException>(
            () => (provider ?? new Rfc2136DnsProvider()).PresentAsync(Challenge(fqdn, value, zone, secrets), config, Ct));

        Assert.Equal(before, await SnapshotAsync());
        Assert.DoesNotContain(Tree.TsigKey.Secret, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal);
        return e.Message;
    }

    private Task<IReadOnlyList<ZoneRecord>> SnapshotAsync() => Tree.AxfrAsync(Primary, Zone, Ct);
}

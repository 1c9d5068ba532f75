using System.Text.Json;

namespace Solvers.Conformance;

/// <summary>What the rules run with: the zone, the config, how long to wait, and the capabilities that decide which
/// rules are skipped (visibly, with the reason) for a provider that legitimately cannot take part.</summary>
public sealed record ConformanceOptions
{
    /// <summary>The zone the test records go in, e.g. <c>example.com.</c>. Use a dedicated zone for live runs.</summary>
    public required string Zone { get; init; }

    /// <summary>The issuer's <c>webhook.config</c> for a working setup; <see langword="null"/> sends none.</summary>
    public JsonElement? Config { get; init; }

    /// <summary>How long a value may take to appear or disappear at every source. 30 seconds by default.</summary>
    public TimeSpan PropagationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many values are presented at once at one name in the concurrency rule. 20 by default.</summary>
    public int ConcurrentValues { get; init; } = 20;

    /// <summary>How long a call with a cancelled token may take to end. 10 seconds by default; a call that
    /// ends later fails the cancellation rule.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Capability: the target refuses unknown <c>webhook.config</c> fields (this host's binder does;
    /// Go webhooks built on <c>json.Unmarshal</c> usually ignore them). <see langword="true"/> by default; when
    /// <see langword="false"/>, only <see cref="BadConfigs"/> are checked, and the rule is skipped without any.</summary>
    public bool RejectsUnknownConfigFields { get; init; } = true;

    /// <summary>Configs the target must refuse with a message naming the field, e.g. <c>{"ttl": 0}</c> and <c>ttl</c>.</summary>
    public IReadOnlyList<BadConfig> BadConfigs { get; init; } = [];

    /// <summary>Capability: lists the zone's records so that the zone-unchanged rule can compare them before and
    /// after; the rule is skipped without one.</summary>
    public IZoneSnapshot? Snapshot { get; init; }

    /// <summary>Secret values that must never appear in a failure message (the in-process secrets are added
    /// automatically).</summary>
    public IReadOnlyCollection<string> SecretValues { get; init; } = [];
}

namespace Solvers.Conformance;

/// <summary>Every rule of the kit. Run one with <see cref="ConformanceSuite.RunAsync(ConformanceRule, CancellationToken)"/>.</summary>
public static class ConformanceRules
{
    /// <summary>cert-manager's Basic/PresentRecord: present, visible, clean up, gone, clean up again.</summary>
    public static ConformanceRule Basic { get; } = new(
        "basic",
        "Basic: present, visible, cleanup, gone, cleanup again",
        "a presented value is served at every source, CleanUp removes it, and a second CleanUp succeeds (cert-manager Basic/PresentRecord)");

    /// <summary>cert-manager's Extended/DeletingOneRecordRetainsOthers, always on here.</summary>
    public static ConformanceRule Extended { get; } = new(
        "extended",
        "Extended: two values, remove one, the other stays",
        "Present adds a value beside the others at the name and CleanUp removes only its own (cert-manager Extended/DeletingOneRecordRetainsOthers)");

    /// <summary>Present twice is one record.</summary>
    public static ConformanceRule PresentTwice { get; } = new(
        "present-twice",
        "Present twice is one record",
        "repeating a Present that succeeded is a no-op: it succeeds and the value is there once, so one CleanUp removes it");

    /// <summary>CleanUp of an absent value succeeds.</summary>
    public static ConformanceRule CleanUpAbsent { get; } = new(
        "cleanup-absent",
        "CleanUp of an absent value succeeds",
        "CleanUp of a value that is not there succeeds and leaves the name's other values alone");

    /// <summary>Concurrent Presents and CleanUps at one name.</summary>
    public static ConformanceRule Concurrent { get; } = new(
        "concurrent",
        "Concurrent Presents at one name all visible, concurrent CleanUps leave none",
        "one instance serves concurrent calls, also at one name: every concurrent Present adds its value and every concurrent CleanUp removes its own");

    /// <summary>Records at other names are not touched.</summary>
    public static ConformanceRule UnrelatedRecords { get; } = new(
        "unrelated-records",
        "Values at other names stay",
        "Present and CleanUp touch only their own name: values at a neighbouring name, even the same value, stay");

    /// <summary>The zone's other records are unchanged (needs a snapshot).</summary>
    public static ConformanceRule ZoneUnchanged { get; } = new(
        "zone-unchanged",
        "The zone's other records are unchanged",
        "Present and CleanUp never change or delete a record that is not the caller's");

    /// <summary>Cancellation is honoured.</summary>
    public static ConformanceRule Cancellation { get; } = new(
        "cancellation",
        "Cancellation honoured",
        "a call whose token is cancelled ends promptly with OperationCanceledException");

    /// <summary>A bad config field is named.</summary>
    public static ConformanceRule BadConfigField { get; } = new(
        "bad-config",
        "A bad config field gives a message naming the field",
        "a webhook.config that does not fit is refused with a message that names the field");

    /// <summary>A missing secret is named.</summary>
    public static ConformanceRule MissingSecret { get; } = new(
        "missing-secret",
        "A missing secret gives a message naming the secret",
        "a referenced Secret that does not exist fails the call with a message that names it, and no message contains a secret");

    /// <summary>Values are compared case-sensitively.</summary>
    public static ConformanceRule ValueCase { get; } = new(
        "value-case",
        "Values compared case-sensitively",
        "TXT values are compared exactly: a value differing only in case is another value");

    /// <summary>Names are compared case-insensitively, with or without the trailing dot.</summary>
    public static ConformanceRule NameCase { get; } = new(
        "name-case",
        "Names compared case-insensitively, with and without trailing dot",
        "names are compared case-insensitively and with or without their trailing dot: they are one name");

    /// <summary>Discovery documents name the group, version and solver (over the wire only).</summary>
    public static ConformanceRule Discovery { get; } = new(
        "discovery",
        "Discovery: /apis, /apis/<group>, /apis/<group>/v1alpha1 name the solver",
        "the server serves the aggregated-API discovery documents the kube-apiserver checks before it routes to the solver",
        WireOnly: true);

    /// <summary>The answer to a ChallengePayload has cert-manager's shape (over the wire only).</summary>
    public static ConformanceRule WirePayload { get; } = new(
        "wire-payload",
        "Answers echo the ChallengePayload with response {uid, success}",
        "a Present or CleanUp is answered 2xx with the payload echoed as kind ChallengePayload, apiVersion webhook.acme.cert-manager.io/v1alpha1, and response.uid equal to request.uid",
        WireOnly: true);

    /// <summary>Every rule, in the order a report lists them.</summary>
    public static IReadOnlyList<ConformanceRule> All { get; } =
    [
        Basic, Extended, PresentTwice, CleanUpAbsent, Concurrent, UnrelatedRecords, ZoneUnchanged, Cancellation,
        BadConfigField, MissingSecret, ValueCase, NameCase, Discovery, WirePayload,
    ];

    /// <summary>The rule with <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">No rule has that id; the message lists the ids.</exception>
    public static ConformanceRule Get(string id) =>
        All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"no rule \"{id}\"; the rules are {string.Join(", ", All.Select(r => r.Id))}", nameof(id));
}

namespace Solvers.Conformance;

/// <summary>Lists the records of the zone under test, so that a rule can check that Present and CleanUp leave every
/// record that is not theirs exactly as it was. A capability: without one, that rule is skipped.</summary>
/// <remarks>Records at names the kit makes (a label starting with <c>solvers-conformance-</c>) are left out, so that
/// rules running at the same time do not disturb each other's snapshots.</remarks>
public interface IZoneSnapshot
{
    /// <summary>Names the source in reports, e.g. <c>fake API zone listing</c>.</summary>
    string Description { get; }

    /// <summary>Every record, one line each in a stable text form, e.g.
    /// <c>www.example.com. 300 A 192.0.2.1</c>; the order does not matter.</summary>
    Task<IReadOnlyCollection<string>> TakeAsync(CancellationToken cancellationToken);
}

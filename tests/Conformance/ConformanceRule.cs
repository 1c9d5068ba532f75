namespace Solvers.Conformance;

/// <summary>One rule of the kit.</summary>
/// <param name="Id">A short stable id, e.g. <c>extended</c>; failure messages start with it.</param>
/// <param name="Title">What is checked, e.g. <c>Extended: two values, remove one, the other stays</c>.</param>
/// <param name="Contract">The sentence of the contract the rule enforces, quoted in its failure messages.</param>
/// <param name="WireOnly">Whether the rule needs a webhook over HTTP (discovery, payload shape).</param>
public sealed record ConformanceRule(string Id, string Title, string Contract, bool WireOnly = false)
{
    /// <summary>The <see cref="Id"/>.</summary>
    public override string ToString() => Id;
}

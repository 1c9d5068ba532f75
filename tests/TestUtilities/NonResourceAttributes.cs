namespace Solvers.TestUtilities;

/// <summary><c>spec.nonResourceAttributes</c> of a SubjectAccessReview, e.g. path <c>/healthz</c>, verb <c>get</c>.</summary>
public sealed record NonResourceAttributes(string? Path, string? Verb);

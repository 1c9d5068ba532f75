namespace Solvers.TestUtilities;

/// <summary><c>spec.resourceAttributes</c> of a SubjectAccessReview; empty strings arrive as null.</summary>
public sealed record ResourceAttributes(
    string? Namespace,
    string? Verb,
    string? Group,
    string? Version,
    string? Resource,
    string? Subresource,
    string? Name);

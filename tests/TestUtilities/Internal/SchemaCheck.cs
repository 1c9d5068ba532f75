namespace Solvers.TestUtilities.Internal;

/// <summary>What <see cref="OpenApiSchemas.Check"/> found: at most one type error (Go's decoder stops at the
/// first) and any number of <c>unknown field "…"</c> / <c>duplicate field "…"</c> problems.</summary>
internal sealed class SchemaCheck
{
    public string? TypeError { get; set; }

    public List<string> FieldProblems { get; } = [];
}

namespace Solvers.TestUtilities.Internal;

/// <summary><c>metav1.StatusCause</c>: e.g. reason <c>FieldValueInvalid</c>, field <c>spec.user</c>.</summary>
internal sealed record StatusCause(string? Reason, string? Message, string? Field);

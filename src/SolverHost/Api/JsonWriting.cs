using System.Text.Json;

namespace Solvers.SolverHost.Api;

/// <summary>How every response body is written: compact, escaped like Go's encoding/json.</summary>
internal static class JsonWriting
{
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = GoJsonEncoder.Instance,
        Indented = false,
        SkipValidation = false,
    };
}

namespace Solvers.TestUtilities.Internal;

/// <summary>A JSON answer with its status code and any <c>Warning</c> texts.</summary>
internal sealed record KubeResponse(int StatusCode, byte[] Body, IReadOnlyList<string> Warnings)
{
    public static KubeResponse From(KubeStatus status, IReadOnlyList<string>? warnings = null) => new(status.Code, status.ToJson(), warnings ?? []);
}

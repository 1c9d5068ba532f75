namespace Solvers.Testing.Cloudflare;

/// <summary>Kinds of injected failure, for <see cref="FakeCloudflareApi.FailNext"/>.</summary>
public enum FaultKind
{
    /// <summary>Answer with the given 5xx status, HTML body, without doing anything.</summary>
    ServerError,

    /// <summary>Do the work (a create or delete is applied), then answer with the 5xx status as if a proxy failed.</summary>
    ServerErrorAfterApply,

    /// <summary>Hold the request for <see cref="FakeCloudflareApi.HangTime"/> before handling it (a client timeout).</summary>
    Hang,
}

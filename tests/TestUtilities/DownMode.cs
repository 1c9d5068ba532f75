namespace Solvers.TestUtilities;

/// <summary>How <see cref="FakeKubeApiServer"/> behaves while <see cref="FakeKubeApiServer.Down"/> is set.</summary>
public enum DownMode
{
    /// <summary>Abort every request and open watch (HTTP/2 stream reset or connection close): a transport error.</summary>
    Abort,

    /// <summary>Answer 503 with a <c>ServiceUnavailable</c> Status, like an apiserver that lost etcd.</summary>
    ServiceUnavailable,
}

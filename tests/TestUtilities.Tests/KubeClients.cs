using k8s;

namespace Solvers.TestUtilities.Tests;

/// <summary>Builds the real KubernetesClient the way the host will: from a kubeconfig file.</summary>
internal static class KubeClients
{
    public static Kubernetes Create(FakeKubeApiServer server, string token = FakeKubeApiServer.AdminToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"solvers-kubeconfig-{Guid.NewGuid():N}");
        server.WriteKubeconfig(path, token);
        try
        {
            return new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds (e.g. a watch is registered), failing after 10 s.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}

using System.Xml.Linq;
using Solvers.Deploy.Tests.Infrastructure;

namespace Solvers.Deploy.Tests;

/// <summary>The image definitions (deploy/Dockerfile and the SDK container settings; neither can be built here, there
/// is no container engine) agree with what the manifests run: the non-root user, the port and the repository.</summary>
public sealed class ImageTests
{
    [Fact]
    public async Task Dockerfile_RunsTheHostAsTheManifestsUserOnTheirPort()
    {
        var deployment = Manifests.Single(await Manifests.KustomizeAsync(Manifests.Kustomize), "Deployment");
        var runAsUser = deployment["spec"]!["template"]!["spec"]!["securityContext"]!["runAsUser"]!.ToString();
        var lines = File.ReadAllLines(Repository.PathOf("deploy/Dockerfile"));
        var finalStage = lines.Skip(Array.FindLastIndex(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();

        Assert.Contains($"USER {runAsUser}", finalStage);
        Assert.NotEqual("0", runAsUser);
        Assert.Contains($"EXPOSE {Manifests.Flag(deployment, "secure-port")}", finalStage);
        Assert.Contains(finalStage, l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal) && l.Contains("/app/Solvers.SolverHost.dll", StringComparison.Ordinal));
        Assert.Contains(finalStage, l => l.StartsWith("FROM ", StringComparison.Ordinal) && l.Contains("chiseled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SdkContainerSettings_MatchTheDockerfileAndTheManifests()
    {
        var deployment = Manifests.Single(await Manifests.KustomizeAsync(Manifests.Kustomize), "Deployment");
        var project = XDocument.Load(Repository.PathOf("src/SolverHost/Solvers.SolverHost.csproj"));
        string? Property(string name) => project.Descendants(name).SingleOrDefault()?.Value;

        Assert.Equal(deployment["spec"]!["template"]!["spec"]!["securityContext"]!["runAsUser"]!.ToString(), Property("ContainerUser"));
        Assert.Equal(Manifests.Flag(deployment, "secure-port"), project.Descendants("ContainerPort").Single().Attribute("Include")?.Value);
        var image = (string)Manifests.Container(deployment)["image"]!;
        Assert.Equal(Property("ContainerRepository"), image[..image.LastIndexOf(':')]);
    }
}

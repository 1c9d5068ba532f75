using Solvers.SolverHost.Solving;
using Solvers.SolverHost.Tests.TestDoubles;

namespace Solvers.SolverHost.Tests.Solving;

public sealed class SolverRegistryTests
{
    [Fact]
    public void Constructor_DuplicateName_ThrowsNamingBothTypes()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new SolverRegistry([new FakeSolver("cloudflare"), new OtherFakeSolver("cloudflare")]));

        Assert.Contains("\"cloudflare\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(FakeSolver), ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(OtherFakeSolver), ex.Message, StringComparison.Ordinal);
        Assert.Contains("registered twice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cloudflare")]
    [InlineData("ROUTE53")]
    public void Constructor_UppercaseName_ThrowsExplainingCertManagerLowercases(string name)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new SolverRegistry([new FakeSolver(name)]));

        Assert.Contains($"\"{name}\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(FakeSolver), ex.Message, StringComparison.Ordinal);
        Assert.Contains("cert-manager lowercases solverName", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my_solver")]
    [InlineData("-solver")]
    [InlineData("solver-")]
    [InlineData("my.solver")]
    [InlineData("my solver")]
    [InlineData("sölver")]
    public void Constructor_InvalidName_Throws(string name)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new SolverRegistry([new FakeSolver(name)]));

        Assert.Contains("lowercase letters, digits and '-'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NameOf63Characters_IsAccepted()
    {
        var name = new string('a', 63);

        Assert.Equal([name], new SolverRegistry([new FakeSolver(name)]).Names);
    }

    [Fact]
    public void Constructor_NameOf64Characters_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new SolverRegistry([new FakeSolver(new string('a', 64))]));
    }

    [Fact]
    public void TryGet_ExactName_FindsTheSolver()
    {
        var solver = new FakeSolver("route53");
        var registry = new SolverRegistry([new FakeSolver("cloudflare"), solver]);

        Assert.True(registry.TryGet("route53", out var found));
        Assert.Same(solver, found);
    }

    [Theory]
    [InlineData("Route53")]
    [InlineData("ROUTE53")]
    [InlineData("route53 ")]
    [InlineData("azuredns")]
    public void TryGet_OtherCaseOrUnknownName_FindsNothing(string name)
    {
        var registry = new SolverRegistry([new FakeSolver("route53")]);

        Assert.False(registry.TryGet(name, out _));
    }

    [Fact]
    public void Names_SeveralSolvers_AreSortedOrdinally()
    {
        var registry = new SolverRegistry([new FakeSolver("route53"), new FakeSolver("azuredns"), new FakeSolver("cloudflare"), new FakeSolver("azure-dns")]);

        Assert.Equal(["azure-dns", "azuredns", "cloudflare", "route53"], registry.Names);
        Assert.Equal(registry.Names, registry.All.Select(s => s.Name));
    }

    [Fact]
    public void Names_NoSolvers_IsEmpty()
    {
        var registry = new SolverRegistry([]);

        Assert.Empty(registry.Names);
        Assert.Empty(registry.All);
    }
}

using Solvers.SolverHost.Health;

namespace Solvers.SolverHost.Tests.Health;

public sealed class HealthStateTests
{
    [Fact]
    public void Evaluate_NewState_PingAndShutdownPass()
    {
        var state = new HealthState();

        Assert.Null(state.Evaluate(HealthState.Ping));
        Assert.Null(state.Evaluate(HealthState.Shutdown));
        Assert.False(state.IsShuttingDown);
        Assert.Equal([HealthState.Ping, HealthState.Shutdown], state.ReadinessChecks);
        Assert.Equal([HealthState.Ping], state.LivenessChecks);
    }

    [Fact]
    public void Evaluate_PendingCheck_FailsWithReasonUntilComplete()
    {
        var state = new HealthState();
        var check = HealthState.SolverInitCheck("embedded");

        state.AddPending(check, "not finished");

        Assert.Equal("not finished", state.Evaluate(check));
        Assert.Contains(check, state.ReadinessChecks);
        Assert.DoesNotContain(check, state.LivenessChecks);

        state.Complete(check);

        Assert.Null(state.Evaluate(check));
        Assert.Contains(check, state.ReadinessChecks);
    }

    [Fact]
    public void Complete_OneOfTwoPendingChecks_LeavesTheOtherFailing()
    {
        var state = new HealthState();
        state.AddPending(HealthState.SolverInitCheck("a"), "a not finished");
        state.AddPending(HealthState.SolverInitCheck("b"), "b not finished");

        state.Complete(HealthState.SolverInitCheck("a"));

        Assert.Null(state.Evaluate(HealthState.SolverInitCheck("a")));
        Assert.Equal("b not finished", state.Evaluate(HealthState.SolverInitCheck("b")));
    }

    [Fact]
    public void ReadinessChecks_ShutdownIsListedLast()
    {
        var state = new HealthState();
        state.AddPending(HealthState.SolverInitCheck("embedded"), "not finished");

        Assert.Equal([HealthState.Ping, "poststarthook/solver-embedded-init", HealthState.Shutdown], state.ReadinessChecks);
    }

    [Fact]
    public void MarkShuttingDown_ShutdownCheckFails()
    {
        var state = new HealthState();

        state.MarkShuttingDown();

        Assert.True(state.IsShuttingDown);
        Assert.Equal("process is shutting down", state.Evaluate(HealthState.Shutdown));
        Assert.Null(state.Evaluate(HealthState.Ping));
    }

    [Fact]
    public void SolverInitCheck_Name_FollowsTheGoPostStartHookName()
    {
        Assert.Equal("poststarthook/solver-cloudflare-init", HealthState.SolverInitCheck("cloudflare"));
    }
}

namespace Solvers.Conformance;

/// <summary>What the rules drive: a provider in this process (<see cref="InProcessTarget"/>) or a webhook solver
/// over HTTP (<see cref="WebhookTarget"/>).</summary>
/// <remarks>Implementations are safe for concurrent calls.</remarks>
public interface IChallengeTarget
{
    /// <summary>Names the target in reports, e.g. <c>provider embedded (in-process)</c>.</summary>
    string Description { get; }

    /// <summary>Whether a cancelled token can reach the solver. Over HTTP it cannot: the server applies its own time
    /// budget, so the cancellation rule is skipped.</summary>
    bool ObservesCancellation { get; }

    /// <summary>Presents <see cref="ConformanceChallenge.Key"/>.</summary>
    /// <exception cref="ChallengeFailedException">The solver reported a failure; the message is the one cert-manager
    /// would show in the Challenge's status.</exception>
    /// <exception cref="OperationCanceledException">The call was cancelled.</exception>
    Task PresentAsync(ConformanceChallenge challenge, CancellationToken cancellationToken);

    /// <summary>Cleans up <see cref="ConformanceChallenge.Key"/>; see <see cref="PresentAsync"/>.</summary>
    Task CleanUpAsync(ConformanceChallenge challenge, CancellationToken cancellationToken);
}

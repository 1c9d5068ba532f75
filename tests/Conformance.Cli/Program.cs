using Solvers.Conformance;

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the running rule clean up what it presented before the process ends.
    e.Cancel = true;
    interrupted.Cancel();
};

try
{
    return await ConformanceCommand.RunAsync(args, Console.Out, Console.Error, interrupted.Token);
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted.");
    return 130;
}

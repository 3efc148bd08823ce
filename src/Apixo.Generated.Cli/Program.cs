using Apixo.Generated.Cli;

// Ctrl+C stops the waiting (exit 130), never the task on the server.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await ApixoCli.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, cancellationToken: cancel.Token);

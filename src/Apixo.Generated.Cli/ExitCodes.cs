namespace Apixo.Generated.Cli;

/// <summary>What <c>apixo</c> exits with.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int InvalidInput = 2;
    public const int TaskFailed = 3;
    public const int ApiError = 4;
    public const int DeadlinePassed = 5;
    public const int Cancelled = 130;

    public const string Help = """
        Exit codes:
          0    success
          2    invalid input (nothing was sent)
          3    the task failed
          4    API or HTTP error
          5    deadline passed (the task id is printed: resume with 'apixo wait <taskId>')
          130  cancelled (Ctrl+C stops the waiting, never the task)
        """;
}

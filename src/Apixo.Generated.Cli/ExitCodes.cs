namespace Apixo.Generated.Cli;

/// <summary>What <c>apixo</c> exits with.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Unexpected = 1;
    public const int InvalidInput = 2;
    public const int TaskFailed = 3;
    public const int ApiError = 4;
    public const int DeadlinePassed = 5;
    public const int ResultNotSaved = 6;
    public const int Cancelled = 130;

    /// <summary>Every code a command of the API may exit with (contract diff and lint have their own 0, 1 and 2).</summary>
    public static readonly IReadOnlySet<int> Documented = new HashSet<int> { Success, Unexpected, InvalidInput, TaskFailed, ApiError, DeadlinePassed, ResultNotSaved, Cancelled };

    public const string Help = """
        Exit codes:
          0    success
          1    unexpected error (a bug in apixo: the message names it)
          2    invalid input (nothing was sent)
          3    the task failed
          4    API or HTTP error, or an answer refused as unsafe (result URLs are still printed)
          5    deadline passed (the task id is printed: resume with 'apixo wait <taskId>')
          6    the task succeeded but an image could not be saved (URLs printed; 'apixo wait <taskId>' downloads again)
          130  cancelled (Ctrl+C stops the waiting, never the task)
        """;
}

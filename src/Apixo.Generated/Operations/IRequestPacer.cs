namespace Apixo.Generated;

/// <summary>A budget of requests shared by several callers (a batch's requests per minute): each request waits for its turn.</summary>
internal interface IRequestPacer
{
    /// <summary>Waits until one more request may leave.</summary>
    ValueTask WaitTurnAsync(CancellationToken cancellationToken);

    /// <summary>The request whose turn was taken got its answer, or <paramref name="failure"/>: it is counted from now.</summary>
    void Answered(Exception? failure);
}

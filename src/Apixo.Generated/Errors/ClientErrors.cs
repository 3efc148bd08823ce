namespace Apixo.Generated;

/// <summary>
/// What the client's own error kinds mean. The contract's catalogue describes the server's statuses; these are the
/// failures no status describes, so their words are the client's, and they are looked up by kind, never by a status.
/// </summary>
internal static class ClientErrors
{
    /// <summary>No answer came after the retries: the connection failed, or every attempt timed out.</summary>
    public static ApixoHttpErrorInfo Transport { get; } = new(0, ApixoErrorKind.Transport,
        "No response arrived, after the retries.", "Check the network and the base address, then retry with backoff.", Retryable: true, NothingCreated: false);

    /// <summary>An answer came that cannot be used: not the contract's shape, too large, or about another task.</summary>
    public static ApixoHttpErrorInfo UnreadableResponse(int status) => new(status, ApixoErrorKind.UnreadableResponse,
        "The answer could not be read.", "Check that the base address is APIXO's (a relay or proxy may answer in its own words); while waiting, this is a missed poll.", Retryable: false, NothingCreated: false);
}

using System.Text.Json;

namespace Apixo.Generated;

/// <summary>
/// A submit may or may not have been accepted: the request left, and no answer says which. It was not retried,
/// because a second submit would create and bill a second task; <see cref="ApixoApiException.IsRetryable"/> is
/// false for the same reason. <see cref="ApixoApiException.Kind"/> says what happened: <see cref="ApixoErrorKind.Transport"/>
/// (no answer), <see cref="ApixoErrorKind.UnreadableResponse"/> (an answer without a task id), or a server error of the catalogue.
/// </summary>
public sealed class ApixoSubmitOutcomeUnknownException : ApixoApiException
{
    /// <summary>Creates the exception.</summary>
    public ApixoSubmitOutcomeUnknownException(int status, ApixoHttpErrorInfo error, string? serverMessage, string reason, Exception? innerException = null, JsonElement? serverData = null)
        : base("submit", status, error, serverMessage, reason, WhatToDo, retryable: false, innerException, taskId: null, serverData)
    {
    }

    /// <summary>What a caller should do instead of resubmitting blindly.</summary>
    public const string WhatToDo =
        "The task may have been created and billed. Do not resubmit blindly: check the account's balance or tasks first, or resubmit knowing that it may cost twice.";
}

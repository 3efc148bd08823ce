namespace Apixo.Generated;

/// <summary>What <see cref="ApixoCallbackSignature.Verify"/> found.</summary>
public enum ApixoCallbackSignatureStatus
{
    /// <summary>The token holds under one of the keys and is not too old.</summary>
    Valid,

    /// <summary>The URL carries no token.</summary>
    Missing,

    /// <summary>The token is not a token of a known version, or there is more than one.</summary>
    Malformed,

    /// <summary>The token does not hold under any key (forged, or over another URL).</summary>
    Invalid,

    /// <summary>The token holds but is older than the maximum age.</summary>
    Expired,
}

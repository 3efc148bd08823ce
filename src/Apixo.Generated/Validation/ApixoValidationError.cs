namespace Apixo.Generated;

/// <summary>One broken rule of the contract, found before anything is sent.</summary>
/// <param name="Path">JSON pointer of the offending value in the request body, e.g. <c>/input/image_urls/3</c>.</param>
/// <param name="Rule">The contract rule, e.g. <c>maxLength</c>, <c>minItems</c>, <c>format</c>, <c>enum</c>, <c>required</c>.</param>
/// <param name="Limit">What the rule allows, as the contract states it: a bound, or the values or schemes allowed.</param>
/// <param name="Actual">What was given, e.g. a length in characters (long values are cut short).</param>
public sealed record ApixoValidationError(string Path, string Rule, string Limit, string Actual)
{
    /// <summary>A sentence a person can act on: where, which rule, the limit and the value.</summary>
    public string Message => $"{Path}: breaks '{Rule}' (allowed: {Limit}; given: {Actual}).";

    /// <inheritdoc />
    public override string ToString() => Message;
}

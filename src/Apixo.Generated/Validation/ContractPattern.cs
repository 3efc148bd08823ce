using System.Text.RegularExpressions;

namespace Apixo.Generated;

/// <summary>
/// A contract's <c>pattern</c>: its text as the contract writes it (ECMA-262, for messages) and the .NET form the
/// generator made of it with the same meaning, run with ECMAScript rules and a timeout.
/// </summary>
internal sealed class ContractPattern(string contract, string dotNet)
{
    private readonly Regex _regex = new(dotNet, RegexOptions.ECMAScript, TimeSpan.FromSeconds(1));

    /// <summary>The pattern as the contract writes it.</summary>
    public string Contract { get; } = contract;

    /// <summary>Whether <paramref name="value"/> matches somewhere, as JSON Schema's pattern asks; a match that takes too long is none, so nothing unproven is sent.</summary>
    public bool IsMatch(string value)
    {
        try
        {
            return _regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Contract;
}

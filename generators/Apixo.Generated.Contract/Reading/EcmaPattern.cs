using System;
using System.Text;
using System.Text.RegularExpressions;

namespace Apixo.Generated.Contract.Reading;

/// <summary>
/// A JSON Schema <c>pattern</c> (an ECMA-262 regular expression, matched anywhere in the text) as a .NET regular
/// expression with the same meaning, for the builders to run with <see cref="RegexOptions.ECMAScript"/>.
/// </summary>
/// <remarks>
/// The ECMAScript option gives <c>\d</c> and <c>\w</c> their ASCII meaning, but .NET still reads some syntax its own
/// way: outside a character class, <c>$</c> also matches before a final line feed (ECMAScript's only at the very end,
/// so it becomes <c>\z</c>), and <c>.</c> matches a carriage return and the Unicode line separators (so it becomes the
/// class ECMAScript means). Syntax only .NET knows (inline options <c>(?i)</c>, atomic groups, comments, conditionals,
/// <c>\A</c>, <c>\Z</c>, <c>\z</c>, <c>\G</c>) would mean one thing to the builders and another to the server: refused.
/// </remarks>
internal static class EcmaPattern
{
    private const string AnyButLineTerminator = "[^\\n\\r\\u2028\\u2029]";

    /// <summary>The .NET form of <paramref name="pattern"/>, or null with the <paramref name="problem"/>.</summary>
    public static string? ToDotNet(string pattern, out string? problem)
    {
        var result = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                if (!inClass && next is 'A' or 'Z' or 'z' or 'G')
                {
                    problem = $"\\{next} is .NET's, not ECMAScript's";
                    return null;
                }

                result.Append(c).Append(next);
                i++;
            }
            else if (inClass)
            {
                inClass = c != ']';
                result.Append(c);
            }
            else if (c == '[')
            {
                inClass = true;
                result.Append(c);
                // A ']' right after '[' or '[^' is a literal in .NET, but ends an empty class in ECMAScript.
                if (i + 1 < pattern.Length && pattern[i + 1] == ']' || i + 2 < pattern.Length && pattern[i + 1] == '^' && pattern[i + 2] == ']')
                {
                    problem = "an empty character class ([] or [^]) reads differently in .NET";
                    return null;
                }
            }
            else if (c == '(' && i + 1 < pattern.Length && pattern[i + 1] == '?' && !IsEcmaGroup(pattern, i + 2))
            {
                problem = "the group '(?" + (i + 2 < pattern.Length ? pattern[i + 2].ToString() : string.Empty) + "' is .NET's, not ECMAScript's";
                return null;
            }
            else
            {
                result.Append(c switch
                {
                    '$' => "\\z",
                    '.' => AnyButLineTerminator,
                    _ => c.ToString(),
                });
            }
        }

        var dotNet = result.ToString();
        try
        {
            _ = new Regex(dotNet, RegexOptions.ECMAScript);
        }
        catch (ArgumentException exception)
        {
            problem = exception.Message;
            return null;
        }

        problem = null;
        return dotNet;
    }

    // (?: (?= (?! (?<= (?<! and (?<name>: the groups ECMAScript (2018) has.
    private static bool IsEcmaGroup(string pattern, int at)
    {
        if (at >= pattern.Length)
        {
            return false;
        }

        return pattern[at] switch
        {
            ':' or '=' or '!' => true,
            '<' => at + 1 < pattern.Length && (pattern[at + 1] is '=' or '!' || char.IsLetter(pattern[at + 1])),
            _ => false,
        };
    }
}

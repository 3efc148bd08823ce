using System.Globalization;
using System.Text;

namespace Apixo.Generated.Cli;

/// <summary>
/// Makes text from the network safe to print: a server-supplied id, message or URL must not move the cursor,
/// recolour the terminal, forge a line of our own or reverse what follows it.
/// </summary>
internal static class TerminalText
{
    /// <summary>The longest server-supplied string printed whole; the rest is cut with an ellipsis.</summary>
    public const int DefaultMaxLength = 2048;

    /// <summary>
    /// <paramref name="value"/> with every control, bidi, zero-width and line-separator character (newlines
    /// included) and every lone surrogate written as a visible <c>\u{XXXX}</c>, cut to <paramref name="maxLength"/>.
    /// </summary>
    public static string Escape(string? value, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value ?? string.Empty;
        }

        var text = new StringBuilder(Math.Min(value.Length, maxLength) + 16);
        var printed = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (printed >= maxLength)
            {
                text.Append('…');
                break;
            }

            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
            }
            else if (IsUnsafe(c, keepLineBreaks: false))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}");
            }
            else
            {
                text.Append(c);
            }

            printed++;
        }

        return text.ToString();
    }

    /// <summary>
    /// The last line of defence for everything printed: unsafe characters escaped as in <see cref="Escape"/>,
    /// except the line breaks and tabs our own output is made of.
    /// </summary>
    public static string Neutralize(string value)
    {
        var firstUnsafe = -1;
        for (var i = 0; i < value.Length; i++)
        {
            if (IsUnsafeAt(value, i))
            {
                firstUnsafe = i;
                break;
            }
        }

        if (firstUnsafe < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 16).Append(value, 0, firstUnsafe);
        for (var i = firstUnsafe; i < value.Length; i++)
        {
            if (IsUnsafeAt(value, i))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)value[i]:X4}}}");
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>An id as a shell word: as it is when it is plain, else single-quoted, so that a printed command can be pasted.</summary>
    public static string ShellWord(string value)
    {
        var escaped = Escape(value, 256);
        return escaped.Length > 0 && escaped.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '/' or '+' or '=' or '@' or ',')
            ? escaped
            : "'" + escaped.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static bool IsUnsafeAt(string value, int i)
    {
        var c = value[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i == 0 || !char.IsHighSurrogate(value[i - 1]);
        }

        return IsUnsafe(c, keepLineBreaks: true);
    }

    private static bool IsUnsafe(char c, bool keepLineBreaks) => c switch
    {
        '\n' or '\t' => !keepLineBreaks,
        < ' ' or '\u007f' => true,
        >= '\u0080' and <= '\u009f' => true, // C1 controls, CSI (U+009B) among them
        '\u061c' or '\u200e' or '\u200f' => true, // bidi marks
        >= '\u202a' and <= '\u202e' => true, // bidi embeddings and overrides
        >= '\u2066' and <= '\u2069' => true, // bidi isolates
        >= '\u200b' and <= '\u200d' => true, // zero-width characters
        '\u2028' or '\u2029' or '\ufeff' => true, // line and paragraph separators, BOM
        _ => char.IsSurrogate(c),
    };
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Apixo.Generated.Contract.Reading;

/// <summary>The C# names the generator derives from contract names, and the check of a C# identifier.</summary>
internal static class Names
{
    private static readonly char[] Separators = { '_', '-', ' ', '.' };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit",
        "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int",
        "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
        "override", "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed",
        "short", "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try",
        "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>A name usable as a C# member as it is: letters, digits and underscores, not a keyword.</summary>
    public static bool IsValidIdentifier(string name) =>
        name.Length > 0
        && (char.IsLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsLetterOrDigit(c) || c == '_')
        && !Keywords.Contains(name);

    /// <summary><c>image_urls</c> → <c>ImageUrls</c>, <c>gpt-image-2</c> → <c>GptImage2</c>: the rule NSwag's templates use.</summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var part in name.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The name NSwag (NJsonSchema) gives a property when it names a type after it: the first letter upper-cased,
    /// each dash dropped with the letter after it upper-cased, underscores kept (<c>image_style</c> → <c>Image_style</c>,
    /// <c>quality-level</c> → <c>QualityLevel</c>). Null for a name with any other character, whose rule is not ours to guess.
    /// </summary>
    public static string? NSwagPropertyName(string json)
    {
        if (json.Length == 0 || !json.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-'))
        {
            return null;
        }

        var builder = new StringBuilder(json.Length);
        var upper = true;
        foreach (var c in json)
        {
            if (c == '-')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    /// <summary><c>ImageUrls</c> → <c>imageUrls</c>, escaped when it is a keyword.</summary>
    public static string Camel(string pascal)
    {
        var camel = char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return Keywords.Contains(camel) ? "@" + camel : camel;
    }

    /// <summary><c>ImageUrls</c> → <c>ImageUrl</c>: the name of one item of a list field.</summary>
    public static string Singular(string pascal) =>
        pascal.EndsWith("s", StringComparison.Ordinal) && pascal.Length > 1 ? pascal.Substring(0, pascal.Length - 1) : pascal + "Item";
}

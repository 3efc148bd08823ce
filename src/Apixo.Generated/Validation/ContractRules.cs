using System.Globalization;

namespace Apixo.Generated;

/// <summary>
/// The checks the generated builders run. Every limit is an argument that the generator takes from the
/// contract; nothing here knows a number of its own.
/// </summary>
/// <remarks>
/// Characters are Unicode scalar values (code points), as JSON Schema counts <c>minLength</c>/<c>maxLength</c>:
/// an emoji made of a surrogate pair is one character. A string with a lone surrogate cannot be sent as
/// JSON unchanged, so it is rejected (<c>wellFormed</c>). A prompt of whitespace only is rejected
/// (<c>notBlank</c>): it would pass the length rule yet asks for nothing.
/// </remarks>
internal static class ContractRules
{
    private const int MaxEchoedLength = 120;

    /// <summary>An integer field: present when required, within its bounds (exclusive where the contract says), a multiple where it says, and within its C# type.</summary>
    public static void Integer(List<ApixoValidationError> errors, string path, long? value, bool required, long? minimum, long? maximum, bool exclusiveMinimum, bool exclusiveMaximum, long? multipleOf, long typeMinimum, long typeMaximum)
    {
        if (value is not { } given)
        {
            if (required)
            {
                errors.Add(new(path, "required", "an integer", "nothing"));
            }

            return;
        }

        var shown = given.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (given < typeMinimum || given > typeMaximum)
        {
            errors.Add(new(path, "format", $"{typeMinimum} to {typeMaximum}", shown));
        }

        if (minimum is { } min && (exclusiveMinimum ? given <= min : given < min))
        {
            errors.Add(new(path, exclusiveMinimum ? "exclusiveMinimum" : "minimum", (exclusiveMinimum ? "more than " : "at least ") + min.ToString(System.Globalization.CultureInfo.InvariantCulture), shown));
        }

        if (maximum is { } max && (exclusiveMaximum ? given >= max : given > max))
        {
            errors.Add(new(path, exclusiveMaximum ? "exclusiveMaximum" : "maximum", (exclusiveMaximum ? "less than " : "at most ") + max.ToString(System.Globalization.CultureInfo.InvariantCulture), shown));
        }

        if (multipleOf is { } step && step != 0 && given % step != 0)
        {
            errors.Add(new(path, "multipleOf", "a multiple of " + step.ToString(System.Globalization.CultureInfo.InvariantCulture), shown));
        }
    }

    /// <summary>A number held as a double: finite, then as <see cref="Number(List{ApixoValidationError}, string, decimal?, bool, decimal?, decimal?, bool, bool, decimal?)"/>.</summary>
    public static void Number(List<ApixoValidationError> errors, string path, double? value, bool required, decimal? minimum, decimal? maximum, bool exclusiveMinimum, bool exclusiveMaximum, decimal? multipleOf)
    {
        if (value is { } given && !double.IsFinite(given))
        {
            errors.Add(new(path, "format", "a finite number", given.ToString(CultureInfo.InvariantCulture)));
            return;
        }

        // The value as JSON will carry it (the shortest text that reads back the same), compared exactly, as a JSON
        // Schema validator compares the number it reads: 0.1 + 0.2 is 0.30000000000000004, no multiple of 0.1.
        CheckNumber(errors, path, value?.ToString("R", CultureInfo.InvariantCulture), value, required, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf);
    }

    /// <summary>A number held as a float: finite, then its bounds and step, on the float's own JSON text.</summary>
    public static void Number(List<ApixoValidationError> errors, string path, float? value, bool required, decimal? minimum, decimal? maximum, bool exclusiveMinimum, bool exclusiveMaximum, decimal? multipleOf)
    {
        if (value is { } given && !float.IsFinite(given))
        {
            errors.Add(new(path, "format", "a finite number", given.ToString(CultureInfo.InvariantCulture)));
            return;
        }

        CheckNumber(errors, path, value?.ToString("R", CultureInfo.InvariantCulture), value, required, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf);
    }

    /// <summary>A number: present when required, within its bounds (exclusive where the contract says), a multiple of its step where it says.</summary>
    public static void Number(List<ApixoValidationError> errors, string path, decimal? value, bool required, decimal? minimum, decimal? maximum, bool exclusiveMinimum, bool exclusiveMaximum, decimal? multipleOf) =>
        CheckNumber(errors, path, value?.ToString(CultureInfo.InvariantCulture), (double?)value, required, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf);

    private static void CheckNumber(List<ApixoValidationError> errors, string path, string? text, double? approximate, bool required, decimal? minimum, decimal? maximum, bool exclusiveMinimum, bool exclusiveMaximum, decimal? multipleOf)
    {
        if (text is null || approximate is not { } near)
        {
            if (required)
            {
                errors.Add(new(path, "required", "a number", "nothing"));
            }

            return;
        }

        // Beyond decimal's range (about 7.9e28) only the double is left: bounds are compared on it, and no step is checked.
        decimal? exact = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        int Compare(decimal bound) => exact is { } e ? e.CompareTo(bound) : near.CompareTo((double)bound);

        if (minimum is { } min && (exclusiveMinimum ? Compare(min) <= 0 : Compare(min) < 0))
        {
            errors.Add(new(path, exclusiveMinimum ? "exclusiveMinimum" : "minimum", (exclusiveMinimum ? "more than " : "at least ") + min.ToString(CultureInfo.InvariantCulture), text));
        }

        if (maximum is { } max && (exclusiveMaximum ? Compare(max) >= 0 : Compare(max) > 0))
        {
            errors.Add(new(path, exclusiveMaximum ? "exclusiveMaximum" : "maximum", (exclusiveMaximum ? "less than " : "at most ") + max.ToString(CultureInfo.InvariantCulture), text));
        }

        if (multipleOf is { } step && step > 0 && exact is { } value && value % step != 0)
        {
            errors.Add(new(path, "multipleOf", "a multiple of " + step.ToString(CultureInfo.InvariantCulture), text));
        }
    }

    /// <summary>
    /// A list: present when required, within its item counts, without repeats where the contract says, and each item
    /// checked by <paramref name="item"/> at its own path (<c>/input/tags/2</c>).
    /// </summary>
    public static void List<T>(List<ApixoValidationError> errors, string path, IReadOnlyList<T> values, bool required, int? minItems, int? maxItems, bool uniqueItems, Action<List<ApixoValidationError>, string, T>? item)
    {
        if (values.Count == 0 && !required)
        {
            return;
        }

        if (minItems is { } min && values.Count < min)
        {
            errors.Add(new(path, "minItems", Invariant(min) + " items", Invariant(values.Count) + " items"));
        }
        else if (maxItems is { } max && values.Count > max)
        {
            errors.Add(new(path, "maxItems", Invariant(max) + " items", Invariant(values.Count) + " items"));
        }

        if (uniqueItems)
        {
            Unique(errors, path, values);
        }

        if (item is not null)
        {
            for (var i = 0; i < values.Count; i++)
            {
                item(errors, path + "/" + Invariant(i), values[i]);
            }
        }
    }

    /// <summary>A field with no rule but presence (a boolean).</summary>
    public static void Present(List<ApixoValidationError> errors, string path, bool present, bool required, string what)
    {
        if (required && !present)
        {
            errors.Add(new(path, "required", what, "nothing"));
        }
    }

    public static void Text(List<ApixoValidationError> errors, string path, string? value, bool required, int? minLength, int? maxLength, ContractPattern? pattern = null)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(new(path, "required", "a string", "nothing"));
            }

            return;
        }

        // Each rule is checked on its own, so that every broken one is listed.
        if (!IsWellFormed(value))
        {
            errors.Add(new(path, "wellFormed", "well-formed UTF-16 text", "a lone surrogate"));
        }

        var length = CountCharacters(value);
        if (minLength is { } min && length < min)
        {
            errors.Add(new(path, "minLength", Invariant(min) + " characters", Invariant(length) + " characters"));
        }

        if (maxLength is { } max && length > max)
        {
            errors.Add(new(path, "maxLength", Invariant(max) + " characters", Invariant(length) + " characters"));
        }

        if (length > 0 && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(path, "notBlank", "some text that is not whitespace", "whitespace only"));
        }

        if (pattern is not null && !pattern.IsMatch(value))
        {
            errors.Add(new(path, "pattern", "text that matches " + pattern.Contract, Invariant(length) + " characters that do not"));
        }
    }

    public static void Member<TEnum>(List<ApixoValidationError> errors, string path, TEnum value, string allowed)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            errors.Add(new(path, "enum", allowed, value.ToString()));
        }
    }

    public static void OptionalMember<TEnum>(List<ApixoValidationError> errors, string path, TEnum? value, bool required, string allowed)
        where TEnum : struct, Enum
    {
        if (value is { } set)
        {
            Member(errors, path, set, allowed);
        }
        else if (required)
        {
            errors.Add(new(path, "required", allowed, "nothing"));
        }
    }

    public static void Uri(List<ApixoValidationError> errors, string path, string? value, bool required, string requiredWhen, string[] schemes)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(new(path, "required", requiredWhen, "nothing"));
            }

            return;
        }

        CheckUri(errors, path, value, schemes);
    }

    public static void UriList(List<ApixoValidationError> errors, string path, IReadOnlyList<string?> values, bool required, int? minItems, int? maxItems, string[] schemes, bool uniqueItems = false)
    {
        if (values.Count == 0 && !required)
        {
            return;
        }

        if (minItems is { } min && values.Count < min)
        {
            errors.Add(new(path, "minItems", Invariant(min) + " URLs", Invariant(values.Count) + " URLs"));
        }
        else if (maxItems is { } max && values.Count > max)
        {
            errors.Add(new(path, "maxItems", Invariant(max) + " URLs", Invariant(values.Count) + " URLs"));
        }

        if (uniqueItems)
        {
            Unique(errors, path, values);
        }

        for (var i = 0; i < values.Count; i++)
        {
            var itemPath = path + "/" + Invariant(i);
            if (values[i] is { } value)
            {
                CheckUri(errors, itemPath, value, schemes);
            }
            else
            {
                errors.Add(new(itemPath, "required", "a URL", "nothing"));
            }
        }
    }

    // JSON Schema's uniqueItems compares JSON values: strings ordinally, numbers by value (1.0 is 1), as the default
    // equality of string, long, double, float, decimal, bool and an enum does.
    private static void Unique<T>(List<ApixoValidationError> errors, string path, IReadOnlyList<T> values)
    {
        var seen = new Dictionary<object, int>();
        for (var i = 0; i < values.Count; i++)
        {
            // A null item is reported by the item's own rule.
            if (values[i] is not { } value)
            {
                continue;
            }

            if (seen.TryGetValue(value, out var first))
            {
                errors.Add(new(path + "/" + Invariant(i), "uniqueItems", "no repeated items", "a repeat of item " + Invariant(first)));
            }
            else
            {
                seen[value] = i;
            }
        }
    }

    private static void CheckUri(List<ApixoValidationError> errors, string path, string value, string[] schemes)
    {
        var allowed = schemes.Length == 0 ? "an absolute URL" : "an absolute " + string.Join(" or ", schemes) + " URL";
        if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
        {
            errors.Add(new(path, "format", allowed + " without whitespace or control characters", Echo(value)));
        }
        else if (!System.Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add(new(path, "format", allowed, Echo(value)));
        }
        else if (schemes.Length > 0 && !schemes.Any(scheme => value.StartsWith(scheme + "://", StringComparison.Ordinal)))
        {
            // The contract's pattern (^https?://) is case-sensitive, and the URL is sent as written.
            errors.Add(new(path, "pattern", allowed + " (lower-case scheme)", Echo(value)));
        }
    }

    internal static int CountCharacters(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The value as an error shows it: without a query, fragment or user info, which often hold tokens, and
    /// cut short when long.
    /// </summary>
    private static string Echo(string value)
    {
        var cut = value.IndexOfAny(['?', '#']);
        var shown = cut >= 0 ? value[..cut] + "…" : value;
        var at = shown.IndexOf('@', StringComparison.Ordinal);
        var schemeEnd = shown.IndexOf("://", StringComparison.Ordinal);
        if (at > 0 && schemeEnd >= 0 && at > schemeEnd)
        {
            shown = shown[..(schemeEnd + 3)] + "…@" + shown[(at + 1)..];
        }

        shown = new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return "'" + (shown.Length <= MaxEchoedLength ? shown : shown[..MaxEchoedLength] + "…") + "'";
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using Json.Schema;
using Json.Schema.Keywords;

namespace Apixo.Generated.Sandbox.Contract;

/// <summary>
/// <c>maxLength</c> and <c>minLength</c> counted in Unicode code points, as JSON Schema defines a string's length
/// (RFC 8259 characters) and as the generated builders count it.
/// </summary>
/// <remarks>
/// JsonSchema.Net (7.x and 8.x alike) counts text elements (grapheme clusters) instead: <c>e</c> + U+0301, or 👍🏽
/// (two code points), is one. With its keywords the sandbox accepted a prompt of 20,001 code points that the
/// builders refuse, and would refuse a two-code-point text under a <c>minLength</c> of 2 that the builders accept.
/// </remarks>
internal static class CodePointLength
{
    /// <summary>Draft 2020-12, with the two length keywords counting code points; every other keyword as the library has it.</summary>
    public static Dialect Draft202012 { get; } = Dialect.Draft202012
        .Without([MaxLengthKeyword.Instance, MinLengthKeyword.Instance])
        .With([CodePointMaxLength.Instance, CodePointMinLength.Instance]);

    /// <summary>The code points in <paramref name="text"/>; an unpaired surrogate counts as one, as the builders count it.</summary>
    public static long Count(string text)
    {
        long count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    internal static KeywordEvaluation Evaluate(string name, KeywordData keyword, EvaluationContext context, bool atMost, string message)
    {
        if (context.Instance.ValueKind != JsonValueKind.String)
        {
            return KeywordEvaluation.Ignore;
        }

        var length = Count(context.Instance.GetString() ?? string.Empty);
        var limit = (long)keyword.Value!;
        if (atMost ? length <= limit : length >= limit)
        {
            return new KeywordEvaluation { Keyword = name, IsValid = true };
        }

        return new KeywordEvaluation
        {
            Keyword = name,
            IsValid = false,
            Error = message
                .Replace("[[limit]]", limit.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("[[received]]", length.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
        };
    }

    private sealed class CodePointMaxLength : MaxLengthKeyword
    {
        public static new CodePointMaxLength Instance { get; } = new();

        public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) =>
            CodePointLength.Evaluate(Name, keyword, context, atMost: true, ErrorMessages.GetMaxLength(context.Options.Culture));
    }

    private sealed class CodePointMinLength : MinLengthKeyword
    {
        public static new CodePointMinLength Instance { get; } = new();

        public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) =>
            CodePointLength.Evaluate(Name, keyword, context, atMost: false, ErrorMessages.GetMinLength(context.Options.Culture));
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Apixo.Generated.Tests.Builders;

/// <summary>
/// For 10 000 random inputs per builder: either the request builds and satisfies every rule of the contract,
/// or the errors name exactly the rules it breaks. Never both, never neither. The expected violations come
/// from an oracle written here, apart from the generated code.
/// </summary>
public sealed class BuilderProperties
{
    // URLs are put together from parts, so that scheme case, missing hosts, whitespace and control
    // characters meet in every combination.
    private static Gen<string> Urls() =>
        from lead in Gen.Frequency((9, Gen.Constant(string.Empty)), (1, Gen.Elements(" ", "\t")))
        from scheme in Gen.Frequency((6, Gen.Elements("https://", "http://")), (1, Gen.Elements("HTTPS://", "Http://", "ftp://", "mailto:", "", "https:/")))
        from host in Gen.Frequency((8, Gen.Elements("example.com", "cdn.example.com:8443", "127.0.0.1")), (1, Gen.Elements("", "exa mple.com", "user:pw@example.com")))
        from path in Gen.Frequency((8, Gen.Elements("/a.png", "/dir/b.jpg", string.Empty)), (1, Gen.Elements("/a\u0001.png", "/a\u200B.png", "/a b.png", "/a\n.png")))
        from query in Gen.Elements(string.Empty, "?token=s3cr3t")
        select lead + scheme + host + path + query;

    private static Gen<string?> Callbacks() =>
        Gen.Frequency((1, Gen.Constant<string?>(null)), (6, Urls().Select(url => (string?)url)));

    // The limits come from the generated tables, never typed here: a contract change moves the edges with it.
    private static readonly GptImage2Field Prompt = GptImage2Modes.All[0].Fields.Single(field => field.Wire == "prompt");
    private static readonly GptImage2Field ImageUrlsField = GptImage2Modes.All.SelectMany(mode => mode.Fields).First(field => field.Repeated);
    private static readonly int MinPrompt = Prompt.MinLength ?? 0;
    private static readonly int MaxPrompt = Prompt.MaxLength ?? 20000;
    private static readonly int MinUrls = ImageUrlsField.MinItems ?? 0;
    private static readonly int MaxUrls = ImageUrlsField.MaxItems ?? 16;

    public sealed record Input(string Prompt, string[] ImageUrls, string? Callback, bool UseCallback, int AspectRatio, int Resolution);

    private static Gen<string> Prompts() =>
        Gen.OneOf(
            Gen.Constant(string.Empty),
            Gen.Elements(" ", "\t\n", "a", "\U0001F600", "ok \uD800 ok"),
            Gen.Choose(1, MaxPrompt + 1).Select(n => new string('p', n)),
            Gen.Elements(MaxPrompt - 1, MaxPrompt, MaxPrompt + 1, MaxPrompt + 2).Select(n => new string('p', n)),
            Gen.Choose(MaxPrompt - 2, MaxPrompt + 2).Select(n => string.Concat(Enumerable.Repeat("\U0001F600", n))));

    private static Arbitrary<Input> Inputs() =>
        (from prompt in Prompts()
         from count in Gen.Choose(0, MaxUrls + 2)
         from urls in Gen.ArrayOf(Urls(), count)
         from callback in Callbacks()
         from useCallback in Gen.Elements(true, false)
         from aspect in Gen.Frequency((9, Gen.Elements(AspectRatioValues.All.Select(value => (int)value).ToArray())), (1, Gen.Choose(41, 80)))
         from resolution in Gen.Frequency((9, Gen.Elements(ResolutionValues.All.Select(value => (int)value).ToArray())), (1, Gen.Choose(41, 80)))
         select new Input(prompt, urls, callback, useCallback, aspect, resolution)).ToArbitrary();

    [Property(MaxTest = 10_000)]
    public Property Text_to_image_builds_or_names_every_broken_rule() =>
        Prop.ForAll(Inputs(), input => Check(Configure(GptImage2.TextToImage(input.Prompt), input), input, imageUrls: null));

    [Property(MaxTest = 10_000)]
    public Property Image_to_image_builds_or_names_every_broken_rule() =>
        Prop.ForAll(Inputs(), input => Check(Configure(GptImage2.ImageToImage(input.Prompt, input.ImageUrls), input), input, input.ImageUrls));

    private static T Configure<T>(GptImage2RequestBuilder<T> builder, Input input)
        where T : GptImage2RequestBuilder<T>
    {
        builder.WithAspectRatio((AspectRatio)input.AspectRatio).WithResolution((Resolution)input.Resolution);
        return input.UseCallback ? builder.WithCallback(input.Callback!) : builder.AsAsync();
    }

    private static bool Check<T>(GptImage2RequestBuilder<T> builder, Input input, string[]? imageUrls)
        where T : GptImage2RequestBuilder<T>
    {
        var expected = Expected(input, imageUrls);
        var built = builder.TryBuild(out var request, out var errors);
        var actual = errors.Select(error => (error.Path, error.Rule)).OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Rule, StringComparer.Ordinal).ToList();

        var context = $"expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}] for {input.ImageUrls.Length} URLs [{string.Join(" | ", input.ImageUrls)}], callback {input.UseCallback}:'{input.Callback}', prompt of {input.Prompt.Length} UTF-16 units";
        if (built)
        {
            // Built: no error, and the request honours every rule.
            Assert.True(errors.Count == 0 && expected.Count == 0 && Honours(request!, imageUrls), context);
            return true;
        }

        // Not built: at least one error, and exactly the broken rules.
        Assert.True(request is null && errors.Count > 0 && actual.SequenceEqual(expected), context);
        return true;
    }

    private static List<(string Path, string Rule)> Expected(Input input, string[]? imageUrls)
    {
        var expected = new List<(string, string)>();
        if (input.UseCallback)
        {
            var rule = input.Callback is null ? "required" : UrlRule(input.Callback, "https://");
            if (rule is not null)
            {
                expected.Add(("/callback_url", rule));
            }
        }

        var prompt = input.Prompt;
        var wellFormed = !prompt.Where((c, i) => char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < prompt.Length && char.IsLowSurrogate(prompt[i + 1])) && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(prompt[i - 1]))).Any();
        var length = prompt.EnumerateRunes().Count();
        // Every rule the prompt breaks, each on its own.
        if (!wellFormed)
        {
            expected.Add(("/input/prompt", "wellFormed"));
        }

        if (length < MinPrompt)
        {
            expected.Add(("/input/prompt", "minLength"));
        }

        if (length > MaxPrompt)
        {
            expected.Add(("/input/prompt", "maxLength"));
        }

        if (length > 0 && prompt.All(char.IsWhiteSpace))
        {
            expected.Add(("/input/prompt", "notBlank"));
        }

        if (!AspectRatioValues.All.Contains((AspectRatio)input.AspectRatio))
        {
            expected.Add(("/input/aspect_ratio", "enum"));
        }

        if (!ResolutionValues.All.Contains((Resolution)input.Resolution))
        {
            expected.Add(("/input/resolution", "enum"));
        }

        if (imageUrls is not null)
        {
            if (imageUrls.Length < MinUrls || imageUrls.Length > MaxUrls)
            {
                expected.Add(("/input/image_urls", imageUrls.Length < MinUrls ? "minItems" : "maxItems"));
            }

            for (var i = 0; i < imageUrls.Length; i++)
            {
                if (UrlRule(imageUrls[i], "http://", "https://") is { } rule)
                {
                    expected.Add(($"/input/image_urls/{i}", rule));
                }
            }
        }

        return expected.OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2, StringComparer.Ordinal).ToList();
    }

    /// <summary>The rule a URL breaks: format (not an absolute URL, or odd characters), pattern (a scheme the contract does not allow, as written).</summary>
    private static string? UrlRule(string url, params string[] prefixes)
    {
        if (url.Length == 0 || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\u200B'))
        {
            return "format";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return "format";
        }

        return prefixes.Any(prefix => url.StartsWith(prefix, StringComparison.Ordinal)) ? null : "pattern";
    }

    private static bool Honours(GenerateTaskRequest request, string[]? imageUrls)
    {
        var prompt = request.Input.Prompt;
        var length = prompt.EnumerateRunes().Count();
        var ok = length >= MinPrompt && length <= MaxPrompt && !string.IsNullOrWhiteSpace(prompt)
            && (request.Input.AspectRatio is not { } ratio || Enum.IsDefined(ratio)) && (request.Input.Resolution is not { } tier || Enum.IsDefined(tier))
            && (request.RequestType == RequestType.Async ? request.CallbackUrl is null : request.CallbackUrl!.OriginalString.StartsWith("https://", StringComparison.Ordinal));
        return imageUrls is null
            ? ok && request.Input is TextToImageInput
            : ok && request.Input is ImageToImageInput i2i && i2i.ImageUrls.Count >= MinUrls && i2i.ImageUrls.Count <= MaxUrls
                && i2i.ImageUrls.All(url => url.OriginalString.StartsWith("http://", StringComparison.Ordinal) || url.OriginalString.StartsWith("https://", StringComparison.Ordinal));
    }
}

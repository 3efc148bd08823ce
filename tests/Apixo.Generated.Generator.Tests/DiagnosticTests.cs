using Apixo.Generated.Generator.Tests.TestSupport;
using Microsoft.CodeAnalysis;

namespace Apixo.Generated.Generator.Tests;

/// <summary>Each APX diagnostic: its id, the YAML line it points at, and no half-generated code.</summary>
public sealed class DiagnosticTests
{
    private static string Edit(string find, string replace)
    {
        Assert.Contains(find, GeneratorHarness.RealContract, StringComparison.Ordinal);
        return GeneratorHarness.RealContract.Replace(find, replace, StringComparison.Ordinal);
    }

    /// <summary>The 1-based line of the first occurrence of <paramref name="text"/>.</summary>
    private static int LineOf(string contract, string text)
    {
        var index = contract.IndexOf(text, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{text}' is not in the contract.");
        return contract[..index].Count(c => c == '\n') + 1;
    }

    /// <summary>Nothing was generated, and the diagnostic <paramref name="id"/> came first.</summary>
    private static Diagnostic Single(GeneratorRun run, string id)
    {
        Assert.Empty(run.Sources);
        var diagnostic = run.Diagnostics.First(d => d.Id.StartsWith("APX", StringComparison.Ordinal));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        return diagnostic;
    }

    private static int Line(Diagnostic diagnostic)
    {
        Assert.Equal(GeneratorHarness.ContractPath, diagnostic.Location.GetLineSpan().Path);
        return diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;
    }

    [Fact]
    public void APX001_no_file_is_marked_as_the_contract()
    {
        var diagnostic = Single(new GeneratorHarness(GeneratorHarness.RealContract, markContract: false).Run(), "APX001");
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.Contains("ApixoContract", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void APX002_a_YAML_syntax_error_points_at_its_line()
    {
        var contract = Edit("    SubmittedTask:\n", "    SubmittedTask:\n      broken: [unclosed\n");
        var diagnostic = Single(new GeneratorHarness(contract).Run(), "APX002");
        Assert.InRange(Line(diagnostic), LineOf(contract, "broken: [unclosed"), LineOf(contract, "broken: [unclosed") + 2);
    }

    [Fact]
    public void APX003_an_unknown_mode_points_at_the_mode()
    {
        var contract = Edit("        - mode: image-to-image\n", "        - mode: sketch-to-image\n");
        var diagnostic = Single(new GeneratorHarness(contract).Run(), "APX003");
        Assert.Equal(LineOf(contract, "sketch-to-image"), Line(diagnostic));
        Assert.Contains("sketch-to-image", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void APX004_a_constraint_the_builders_cannot_honour_points_at_it()
    {
        var contract = Edit("          minLength: 1\n          maxLength: 20000\n", "          minLength: 1\n          maxLength: 20000\n          format: email\n");
        var run = new GeneratorHarness(contract).Run();

        // Everything the builders can honour is still emitted, so the build shows this diagnostic alone (an error:
        // no client is built that skips the rule), never a cascade of missing types in the code that uses it.
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(("APX004", DiagnosticSeverity.Error), (diagnostic.Id, diagnostic.Severity));
        Assert.Equal(LineOf(contract, "format: email"), Line(diagnostic));
        Assert.Contains("prompt", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("GptImage2Pricing", run.Sources["GptImage2.Pricing.g.cs"], StringComparison.Ordinal);
        Assert.Contains("WithPrompt", run.Sources["GptImage2.RequestBuilder.g.cs"], StringComparison.Ordinal);
        Assert.Empty(run.CompileDiagnostics());
    }

    [Fact]
    public void APX004_an_unknown_URI_pattern_points_at_it()
    {
        var contract = Edit("          pattern: '^https://'\n", "          pattern: '^https://example\\.com/'\n");
        var run = new GeneratorHarness(contract).Run();
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("APX004", diagnostic.Id);
        Assert.Equal(LineOf(contract, "^https://example"), Line(diagnostic));
        Assert.Contains("public TBuilder WithCallback(string callbackUrl)", run.Sources["GptImage2.RequestBuilder.g.cs"], StringComparison.Ordinal);
        Assert.Empty(run.CompileDiagnostics());
    }

    [Fact]
    public void APX005_a_duplicate_enum_name_points_at_it()
    {
        var contract = Edit("[Auto, Ratio1x1, Ratio4x3, Ratio3x4, Ratio16x9, Ratio9x16]", "[Auto, Ratio1x1, Ratio4x3, Ratio3x4, Ratio16x9, Ratio16x9]");
        var diagnostic = Single(new GeneratorHarness(contract).Run(), "APX005");
        Assert.Equal(LineOf(contract, "Ratio16x9, Ratio16x9"), Line(diagnostic));
        Assert.Contains("twice", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void APX005_an_invalid_enum_name_points_at_it()
    {
        var contract = Edit("x-enumNames: [Res1K, Res2K, Res4K]", "x-enumNames: [Res1K, 2K, Res4K]");
        var diagnostic = Single(new GeneratorHarness(contract).Run(), "APX005");
        Assert.Equal(LineOf(contract, "[Res1K, 2K, Res4K]"), Line(diagnostic));
    }

    [Fact]
    public void APX006_a_missing_table_entry_points_at_the_table()
    {
        var contract = Edit("          4k: 0.04\n", string.Empty);
        var diagnostic = Single(new GeneratorHarness(contract).Run(), "APX006");
        Assert.Contains("4k", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(LineOf(contract, "        prices:"), Line(diagnostic) - 1);
    }

    [Fact]
    public void APX007_two_files_marked_as_the_contract()
    {
        var diagnostic = Single(new GeneratorHarness(GeneratorHarness.RealContract, secondContract: GeneratorHarness.RealContract).Run(), "APX007");
        Assert.Contains("second.yaml", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string> OddContracts() => new()
    {
        { "a mode listed twice", "          schema: ImageToImageInput\n", "          schema: ImageToImageInput\n        - mode: image-to-image\n          schema: ImageToImageInput\n", "APX003" },
        { "a property with no C# name", "          properties:\n            image_urls:\n", "          properties:\n            '-':\n              type: string\n            image_urls:\n", "APX005" },
        { "a mode repeating a shared field", "          properties:\n            image_urls:\n", "          properties:\n            prompt:\n              type: string\n            image_urls:\n", "APX005" },
        { "a retry class named unknown", "  transient: The same request", "  unknown: Reserved.\n  transient: The same request", "APX005" },
        { "a fail code named ToString", "          name: Timeout\n", "          name: ToString\n", "APX005" },
        { "an enum value listed twice", "enum: [1k, 2k, 4k]", "enum: [1k, 2k, 2k]", "APX005" },
        { "an invalid model id", "x-apixo-model: gpt-image-2", "x-apixo-model: 2-gpt", "APX005" },
        { "a second YAML document", "          completeTime: 1767225612000\n", "          completeTime: 1767225612000\n---\nsecond: document\n", "APX006" },
    };

    [Theory]
    [MemberData(nameof(OddContracts))]
    public void An_odd_contract_is_a_diagnostic_never_a_crash_or_broken_code(string what, string find, string replace, string id)
    {
        var run = new GeneratorHarness(Edit(find, replace)).Run();

        Assert.Empty(run.Sources);
        Assert.Contains(run.Diagnostics, d => d.Id == id);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CS8785" or "APX008");
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void Several_mistakes_are_all_reported_and_nothing_is_generated()
    {
        var contract = GeneratorHarness.RealContract
            .Replace("        - mode: image-to-image\n", "        - mode: sketch-to-image\n", StringComparison.Ordinal)
            .Replace("x-enumNames: [Res1K, Res2K, Res4K]", "x-enumNames: [Res1K, 2K, Res4K]", StringComparison.Ordinal);
        var run = new GeneratorHarness(contract).Run();
        Assert.Empty(run.Sources);
        Assert.Equal(["APX003", "APX005"], run.Diagnostics.Select(d => d.Id).Where(id => id is "APX003" or "APX005").Distinct().Order());
    }
}

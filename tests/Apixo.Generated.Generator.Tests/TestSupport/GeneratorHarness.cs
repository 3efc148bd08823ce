using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Apixo.Generated.Generator.Tests.TestSupport;

/// <summary>
/// Runs <see cref="ContractGenerator"/> over an in-memory contract and C# sources, with step tracking on, the way
/// the compiler does. The compilation holds what the real client holds: NSwag's DTOs and the hand-written
/// support types that the generated code calls.
/// </summary>
internal sealed class GeneratorHarness
{
    public const string ContractPath = "/repo/openapi/gpt-image-2.yaml";

    private static readonly Assembly Self = typeof(GeneratorHarness).Assembly;
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Append(typeof(Refit.RestService).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    // What the SDK's ImplicitUsings gives the client project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static string RealContract { get; } = Read("contract/gpt-image-2.yaml");

    private GeneratorDriver _driver;
    private readonly Dictionary<string, AdditionalText> _texts = new(StringComparer.Ordinal);

    /// <param name="contract">The contract's text.</param>
    /// <param name="markContract">Whether the contract carries the ApixoContract metadata.</param>
    /// <param name="secondContract">Another marked contract, if any.</param>
    /// <param name="generator">The generator under test; ours by default.</param>
    /// <param name="sources">Sources that replace the support source of the same name, or are added.</param>
    /// <param name="otherGenerators">Generators that run after it (System.Text.Json's), as the compiler runs them.</param>
    /// <param name="dtos">NSwag's output for <paramref name="contract"/> (see <see cref="NSwagRun"/>); by default, the real contract's.</param>
    public GeneratorHarness(string contract, bool markContract = true, string? secondContract = null, IIncrementalGenerator? generator = null, IEnumerable<(string Name, string Text)>? sources = null, IEnumerable<ISourceGenerator>? otherGenerators = null, string? dtos = null)
    {
        var replaced = (sources ?? []).ToList();
        Compilation = CSharpCompilation.Create(
            "Apixo.Generated",
            SupportSources(dtos).Where(source => replaced.All(replacement => replacement.Name != source.Name)).Concat(replaced)
                .Append((Name: "ImplicitUsings.cs", Text: ImplicitUsings)).Select(source => CSharpSyntaxTree.ParseText(source.Text, ParseOptions, source.Name)),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        _texts[ContractPath] = new InMemoryText(ContractPath, contract);
        var marked = new List<string>();
        if (markContract)
        {
            marked.Add(ContractPath);
        }

        if (secondContract is not null)
        {
            _texts["/repo/openapi/second.yaml"] = new InMemoryText("/repo/openapi/second.yaml", secondContract);
            marked.Add("/repo/openapi/second.yaml");
        }

        _driver = CSharpGeneratorDriver.Create(
            new[] { (generator ?? new ContractGenerator()).AsSourceGenerator() }.Concat(otherGenerators ?? []),
            _texts.Values,
            ParseOptions,
            new TestOptionsProvider(marked),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public Compilation Compilation { get; private set; }

    /// <summary>Runs the generator; the result holds the tracked steps of this run.</summary>
    public GeneratorRun Run()
    {
        _driver = _driver.RunGeneratorsAndUpdateCompilation(Compilation, out var output, out var diagnostics);
        // The generator under test is the first; others' results are in the output compilation.
        var result = _driver.GetRunResult().Results[0];
        AssertNoRoslynObjectsInSteps(result);
        return new GeneratorRun(result, output, diagnostics.AddRange(result.Diagnostics).Distinct().ToImmutableArray());
    }

    /// <summary>Runs the generator once, cold, and returns how long it took (for the benchmark).</summary>
    public TimeSpan TimeColdRun()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _driver = _driver.RunGenerators(Compilation);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    public void EditContract(string contract)
    {
        var replacement = new InMemoryText(ContractPath, contract);
        _driver = _driver.ReplaceAdditionalText(_texts[ContractPath], replacement);
        _texts[ContractPath] = replacement;
    }

    public void AddSource(string name, string source) =>
        Compilation = Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, ParseOptions, name));

    public static string Read(string logicalName)
    {
        using var stream = Self.GetManifestResourceStream(logicalName) ?? throw new InvalidOperationException($"'{logicalName}' is not embedded.");
        return new StreamReader(stream).ReadToEnd();
    }

    private static IEnumerable<(string Name, string Text)> SupportSources(string? dtos) =>
        Self.GetManifestResourceNames()
            .Where(name => name.StartsWith("support/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => (Name: name, Text: dtos is not null && name == DtoResource ? dtos : Read(name)));

    private const string DtoResource = "support/ApixoApi.g.cs";

    // Our steps' outputs must be plain values: a symbol, syntax node or compilation there would root a
    // whole compilation and defeat caching. (Roslyn's own input steps, such as AdditionalTexts, are not ours.)
    private static readonly string[] OurSteps = typeof(TrackingNames).GetFields().Select(field => (string)field.GetValue(null)!).ToArray();

    private static void AssertNoRoslynObjectsInSteps(GeneratorRunResult result)
    {
        Assert.NotEmpty(OurSteps);
        foreach (var (name, steps) in result.TrackedSteps.Where(pair => OurSteps.Contains(pair.Key)))
        {
            foreach (var output in steps.SelectMany(step => step.Outputs))
            {
                Walk(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);
            }
        }
    }

    private static void Walk(object? value, string step, HashSet<object> seen, int depth)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 20)
        {
            return;
        }

        if (value is ISymbol or SyntaxNode or Microsoft.CodeAnalysis.Compilation or SemanticModel or AdditionalText or SyntaxTree)
        {
            Assert.Fail($"Step '{step}' holds a {value.GetType().Name}.");
        }

        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                Walk(item, step, seen, depth + 1);
            }

            return;
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.GetValue(value), step, seen, depth + 1);
        }
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class TestOptionsProvider(IReadOnlyCollection<string> markedContracts) : AnalyzerConfigOptionsProvider
    {
        private static readonly TestOptions Empty = new(new Dictionary<string, string>());
        private static readonly TestOptions Contract = new(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.ApixoContract"] = "true" });

        public override AnalyzerConfigOptions GlobalOptions { get; } = new TestOptions(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Apixo.Generated" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => markedContracts.Contains(textFile.Path) ? Contract : Empty;
    }

    private sealed class TestOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

/// <summary>One run of the generator: its tracked steps, the compilation with its output, and every diagnostic.</summary>
internal sealed record GeneratorRun(GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    public IReadOnlyDictionary<string, string> Sources =>
        Result.GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString());

    public IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(string step) =>
        Result.TrackedSteps.TryGetValue(step, out var steps) ? steps.SelectMany(s => s.Outputs) : [];

    /// <summary>Compiles the output and returns every error and warning of the whole compilation.</summary>
    public ImmutableArray<Diagnostic> CompileDiagnostics() =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
}

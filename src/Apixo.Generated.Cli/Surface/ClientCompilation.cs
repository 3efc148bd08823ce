using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Apixo.Generated.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Apixo.Generated.Cli.Surface;

/// <summary>The client compiled in memory.</summary>
/// <param name="Compilation">NSwag's file, the hand-written sources and every generator's output.</param>
/// <param name="GeneratorDiagnostics">What the source generators reported.</param>
/// <param name="GeneratedFiles">The hint names of the files the source generators added, in the order they ran.</param>
internal sealed record CompiledClient(Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<string> GeneratedFiles);

/// <summary>
/// The client library as the build compiles it, in memory: NSwag's file, the client's hand-written sources that the
/// generated code completes or calls (embedded in apixo at build time), and the source generators whose output is
/// public: ours (builders, tables, types) and System.Text.Json's (the JSON context's properties). Refit's generator
/// is left out: the interface is NSwag's, and Refit's implementation of it is internal.
/// </summary>
internal static class ClientCompilation
{
    private const string ResourcePrefix = "surface/";

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

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable);

    // Parsed and loaded once per process: both contracts, and every later comparison, share them.
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);
    private static readonly Lazy<ImmutableArray<SyntaxTree>> HandWritten = new(ParseHandWritten);
    private static readonly Lazy<ISourceGenerator> JsonGenerator = new(LoadJsonGenerator);

    /// <summary>What the client is compiled against: the running .NET's assemblies, and Refit's.</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => References.Value;

    /// <summary>The client's hand-written sources compiled with the generated code (their names, for tests).</summary>
    public static IEnumerable<string> HandWrittenSources => HandWritten.Value.Select(tree => tree.FilePath);

    /// <summary>Compiles <paramref name="nswagSource"/> with the client's sources and runs the generators over <paramref name="contract"/>.</summary>
    public static CompiledClient Compile(string nswagSource, string contract, string contractPath, CancellationToken cancellationToken)
    {
        var compilation = CSharpCompilation.Create(
            NSwagGeneration.Namespace,
            HandWritten.Value.Add(CSharpSyntaxTree.ParseText(nswagSource, ParseOptions, "ApixoApi.g.cs", cancellationToken: cancellationToken)),
            References.Value,
            CompilationOptions);

        // The order the compiler gives them: ours from the project reference, System.Text.Json's from the framework.
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ContractGenerator().AsSourceGenerator(), JsonGenerator.Value],
            [new ContractText(contractPath, contract)],
            ParseOptions,
            new ContractOptions(contractPath));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics, cancellationToken);
        var generated = driver.GetRunResult().Results.SelectMany(result => result.GeneratedSources).Select(source => source.HintName).ToImmutableArray();
        return new CompiledClient(output, diagnostics, generated);
    }

    private static ImmutableArray<SyntaxTree> ParseHandWritten()
    {
        var self = typeof(ClientCompilation).Assembly;
        var names = self.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException("The client's hand-written sources are not embedded in apixo.");
        }

        return names
            .Select(name =>
            {
                using var stream = self.GetManifestResourceStream(name)!;
                return CSharpSyntaxTree.ParseText(SourceText.From(stream), ParseOptions, name[ResourcePrefix.Length..]);
            })
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, "ImplicitUsings.g.cs"))
            .ToImmutableArray();
    }

    // The running .NET's own assemblies (the client's target framework is the one apixo runs on) and Refit's,
    // which apixo ships since the client depends on it.
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return trusted
            .Where(path => string.Equals(Path.GetDirectoryName(path), framework, StringComparison.Ordinal))
            .Append(typeof(Refit.RestService).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static ISourceGenerator LoadJsonGenerator()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "analyzers", "System.Text.Json.SourceGeneration.dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"System.Text.Json's source generator is not installed beside apixo ({path}).", path);
        }

        return new AnalyzerFileReference(path, new DefaultContextLoader()).GetGenerators(LanguageNames.CSharp).Single();
    }

    private sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }

    private sealed class ContractText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    // What the client's build gives the generator (generators/Apixo.Generated.Generator/build/*.props): the contract
    // marked ApixoContract="true", and the project's RootNamespace.
    private sealed class ContractOptions(string contractPath) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options None = new(ImmutableDictionary<string, string>.Empty);
        private static readonly Options Marked = new(ImmutableDictionary<string, string>.Empty.Add("build_metadata.AdditionalFiles.ApixoContract", "true"));

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(ImmutableDictionary<string, string>.Empty.Add("build_property.RootNamespace", NSwagGeneration.Namespace));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == contractPath ? Marked : None;
    }

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Apixo.Generated.Cli.Surface;

/// <summary>
/// What one contract generates: NSwag's file, and the public surface of the client compiled from it.
/// </summary>
/// <param name="NSwagSource">NSwag's ApixoApi.g.cs, byte for byte what the build writes; null when NSwag failed.</param>
/// <param name="GeneratedFiles">The hint names of the files the source generators added.</param>
/// <param name="Surface">The public types by full name; null when the contract does not generate a client (see the errors).</param>
/// <param name="Diagnostics">Errors that kept the client from being made, and the generators' warnings.</param>
internal sealed record GeneratedClient(
    string? NSwagSource,
    IReadOnlyList<string> GeneratedFiles,
    IReadOnlyDictionary<string, SurfaceType>? Surface,
    IReadOnlyList<SurfaceDiagnostic> Diagnostics);

/// <summary>
/// The change a contract edit makes to the C# public surface of the generated client: NSwag's DTOs and Refit interface,
/// our generator's builders, tables and types, and the JSON context's properties. Each contract's client is generated
/// and compiled in memory, in process, by the same generators the build runs (see <see cref="NSwagGeneration"/> and
/// <see cref="ClientCompilation"/>); then their public symbols are compared.
/// </summary>
/// <remarks>
/// Interactive, not a build: NSwag and the compiler run once per contract, both contracts at once, and only the
/// declarations are compiled (no method body is bound, no IL is emitted). The first call of a process also pays for
/// loading and JIT-compiling NSwag and Roslyn.
/// </remarks>
internal static class GeneratedSurface
{
    private static readonly string[] GeneratorFailures = ["CS8784", "CS8785"];

    /// <summary>Generates both contracts' clients and compares their public surfaces.</summary>
    /// <param name="oldYaml">The contract before the change (its text).</param>
    /// <param name="newYaml">The contract after the change.</param>
    /// <param name="cancellationToken">Stops between steps and inside the compiler.</param>
    public static async Task<SurfaceComparison> CompareAsync(string oldYaml, string newYaml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oldYaml);
        ArgumentNullException.ThrowIfNull(newYaml);
        var started = Stopwatch.GetTimestamp();

        GeneratedClient old, @new;
        if (string.Equals(oldYaml, newYaml, StringComparison.Ordinal))
        {
            // The same text generates the same client: make it once.
            old = await GenerateAsync(oldYaml, SurfaceSide.Old, cancellationToken).ConfigureAwait(false);
            @new = old with { Diagnostics = old.Diagnostics.Select(diagnostic => diagnostic with { Side = SurfaceSide.New }).ToList() };
        }
        else
        {
            // Two cores: each contract's generation and compilation on its own.
            var sides = await Task.WhenAll(
                Task.Run(() => GenerateAsync(oldYaml, SurfaceSide.Old, cancellationToken), cancellationToken),
                Task.Run(() => GenerateAsync(newYaml, SurfaceSide.New, cancellationToken), cancellationToken)).ConfigureAwait(false);
            (old, @new) = (sides[0], sides[1]);
        }

        var changes = old.Surface is { } before && @new.Surface is { } after ? SurfaceDiff.Compare(before, after) : [];
        return new SurfaceComparison(changes, [.. old.Diagnostics, .. @new.Diagnostics], Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The blocking form of <see cref="CompareAsync"/>, for a synchronous command action.</summary>
    public static SurfaceComparison Compare(string oldYaml, string newYaml, CancellationToken cancellationToken) =>
        CompareAsync(oldYaml, newYaml, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Generates and compiles the client of one contract.</summary>
    /// <param name="yaml">The contract's text.</param>
    /// <param name="side">Which contract it is, for its diagnostics (and its file name: <c>old.yaml</c> or <c>new.yaml</c>).</param>
    /// <param name="cancellationToken">Stops between steps and inside the compiler.</param>
    public static async Task<GeneratedClient> GenerateAsync(string yaml, SurfaceSide side, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var contractPath = Path.Combine(Environment.CurrentDirectory, side == SurfaceSide.Old ? "old.yaml" : "new.yaml");
        cancellationToken.ThrowIfCancellationRequested();

        string nswagSource;
        try
        {
            nswagSource = await NSwagGeneration.GenerateAsync(yaml, contractPath).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // NSwag throws whatever its reader or templates meet (YAML, JSON, null references): all mean "does not generate".
            return new GeneratedClient(null, [], null, [new(side, SurfaceStage.NSwag, "NSwag", IsError: true, OneLine(exception), null)]);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (compilation, generatorDiagnostics, generated) = ClientCompilation.Compile(nswagSource, yaml, contractPath, cancellationToken);
        var diagnostics = generatorDiagnostics
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning)
            .Select(diagnostic => new SurfaceDiagnostic(
                side,
                SurfaceStage.Generator,
                diagnostic.Id,
                IsError: diagnostic.Severity == DiagnosticSeverity.Error || GeneratorFailures.Contains(diagnostic.Id),
                diagnostic.GetMessage(CultureInfo.InvariantCulture),
                LineOf(diagnostic)))
            .ToList();

        // Declarations only: the surface is what they declare, and binding every method body would cost seconds.
        // Warnings are left out: this compilation lacks the client build's editorconfig and analyzers.
        diagnostics.AddRange(compilation.GetDeclarationDiagnostics(cancellationToken)
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .Select(diagnostic => new SurfaceDiagnostic(
                side,
                SurfaceStage.Compiler,
                diagnostic.Id,
                IsError: true,
                $"{Path.GetFileName(diagnostic.Location.SourceTree?.FilePath)}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}",
                LineOf(diagnostic))));

        var surface = diagnostics.Any(diagnostic => diagnostic.IsError) ? null : PublicSurface.Of(compilation);
        return new GeneratedClient(nswagSource, generated, surface, diagnostics);
    }

    private static int? LineOf(Diagnostic diagnostic) =>
        diagnostic.Location.Kind is LocationKind.SourceFile or LocationKind.ExternalFile
            ? diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1
            : null;

    private static string OneLine(Exception exception)
    {
        var message = exception.Message;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += " " + inner.Message;
        }

        return message.ReplaceLineEndings(" ");
    }
}

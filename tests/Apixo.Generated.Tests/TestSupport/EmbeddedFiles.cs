using System.Reflection;

namespace Apixo.Generated.Tests.TestSupport;

/// <summary>Files the test project embeds at build time: the contract and the client's generated sources.</summary>
internal static class EmbeddedFiles
{
    private static readonly Assembly Assembly = typeof(EmbeddedFiles).Assembly;

    public const string GeneratedPrefix = "generated/";

    /// <summary>The test project's source folder, recorded at build time.</summary>
    public static string TestProjectDirectory { get; } =
        Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestProjectDirectory").Value!;

    public static string Read(string logicalName)
    {
        using var stream = Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"'{logicalName}' is not embedded in the test assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IReadOnlyList<string> GeneratedSourceNames() =>
        Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(GeneratedPrefix, StringComparison.Ordinal))
            .Select(name => name[GeneratedPrefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
}

using System.Reflection;

namespace Apixo.Generated.Generator.Tests.TestSupport;

/// <summary>What the test project's build wrote into the assembly (AssemblyMetadata): paths of tools and folders.</summary>
internal static class BuildMetadata
{
    public static string Of(string key) =>
        typeof(BuildMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata: see the project file.");
}

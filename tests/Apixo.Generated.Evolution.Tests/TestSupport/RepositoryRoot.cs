namespace Apixo.Generated.Evolution.Tests.TestSupport;

/// <summary>The repository these tests were built from: the folder that holds the solution.</summary>
internal static class RepositoryRoot
{
    private const string Solution = "Apixo.Generated.sln";

    public static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, Solution)))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds {Solution}.");
    }
}

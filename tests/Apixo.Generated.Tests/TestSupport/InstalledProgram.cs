namespace Apixo.Generated.Tests.TestSupport;

/// <summary>A program a test needs from a Debian package (<c>redis-server</c>, <c>chromium</c>): where Debian puts it, else on PATH.</summary>
internal static class InstalledProgram
{
    public static string? Find(string name)
    {
        var debian = Path.Combine("/usr/bin", name);
        if (File.Exists(debian))
        {
            return debian;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }
}

using System.ComponentModel;
using System.Diagnostics;

namespace Apixo.Generated.Cli.Contract;

/// <summary>
/// The contract as it was at a git ref (<c>apixo contract diff --base REF</c>): <c>git show REF:PATH</c>, with PATH
/// relative to the repository's root. Every way it can fail is one message, never an exception.
/// </summary>
internal static class GitBaseContract
{
    /// <summary>The spec's text at <paramref name="gitRef"/>, and its path from the repository's root (for annotations).</summary>
    public static bool TryRead(string specPath, string gitRef, out string text, out string repositoryPath, out string error)
    {
        text = repositoryPath = error = string.Empty;
        var full = Path.GetFullPath(specPath);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            error = $"the folder of {specPath} does not exist.";
            return false;
        }

        // --show-prefix is the spec's folder as the repository names it, whatever symlinks the path took.
        if (Git(folder, out var prefix, "rev-parse", "--show-prefix") != 0)
        {
            error = prefix.StartsWith("git:", StringComparison.Ordinal) ? prefix : $"{folder} is not inside a git repository.";
            return false;
        }

        if (Git(folder, out _, "rev-parse", "--verify", "--quiet", gitRef + "^{commit}") != 0)
        {
            error = $"'{gitRef}' is not a commit, branch or tag of this repository.";
            return false;
        }

        repositoryPath = prefix.Trim() + Path.GetFileName(full);
        if (Git(folder, out text, "show", $"{gitRef}:{repositoryPath}") != 0)
        {
            error = $"{repositoryPath} does not exist at '{gitRef}'.";
            text = string.Empty;
            return false;
        }

        return true;
    }

    private static int Git(string folder, out string output, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = stderr.Result;
            return process.ExitCode;
        }
        catch (Win32Exception exception)
        {
            output = "git: cannot run git (" + exception.Message + ").";
            return -1;
        }
    }
}

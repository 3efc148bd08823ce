using Apixo.Generated.Cli;

namespace Apixo.Generated.Tests.Cli.Safety;

/// <summary>Files land only inside --out, are created exclusively and never replace what was there.</summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("apixo-out-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void A_missing_folder_is_created_and_a_file_in_its_place_is_refused()
    {
        var created = OutputFolder.Prepare(Path.Combine(_root.FullName, "a", "b"));
        var file = Path.Combine(_root.FullName, "file");
        File.WriteAllText(file, "x");

        Assert.True(Directory.Exists(created.FullPath));
        Assert.Empty(Directory.GetFiles(created.FullPath, "*", SearchOption.AllDirectories));
        Assert.Throws<CliInputException>(() => OutputFolder.Prepare(file));
        Assert.Throws<CliInputException>(() => OutputFolder.Prepare(Path.Combine(file, "sub")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_folder_that_cannot_be_written_is_refused()
    {
        var locked = Directory.CreateDirectory(Path.Combine(_root.FullName, "locked"));
        File.SetUnixFileMode(locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            // Root ignores permission bits: prove that case with a path under /proc, which no one can write.
            var path = Environment.UserName == "root" ? "/proc/apixo-out" : locked.FullName;
            var exception = Assert.Throws<CliInputException>(() => OutputFolder.Prepare(path));
            Assert.Contains("not a writable folder", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task An_existing_file_or_symlink_is_never_overwritten_or_followed()
    {
        var folder = OutputFolder.Prepare(_root.FullName);
        var victim = Path.Combine(_root.FullName, "victim.txt");
        await File.WriteAllTextAsync(victim, "keep me");
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "task_x-0.png"), victim);
        await File.WriteAllTextAsync(Path.Combine(_root.FullName, "task_x-0.1.png"), "earlier");

        string saved;
        await using (var pending = folder.CreatePending("task_x"))
        {
            await pending.Stream.WriteAsync(new byte[] { 1, 2, 3 });
            saved = await pending.CommitAsync("task_x", 0, ImageFormat.Png, CancellationToken.None);
        }

        Assert.Equal(Path.Combine(_root.FullName, "task_x-0.2.png"), saved);
        Assert.Equal("keep me", await File.ReadAllTextAsync(victim));
        Assert.Equal("earlier", await File.ReadAllTextAsync(Path.Combine(_root.FullName, "task_x-0.1.png")));
        Assert.Equal(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(saved));
    }

    [Fact]
    public async Task An_abandoned_download_leaves_nothing_behind()
    {
        var folder = OutputFolder.Prepare(_root.FullName);
        await using (var pending = folder.CreatePending("task_y"))
        {
            await pending.Stream.WriteAsync(new byte[] { 1, 2, 3 });
        }

        Assert.Empty(Directory.GetFileSystemEntries(_root.FullName));
    }
}

using Apixo.Generated.Batches;

namespace Apixo.Generated.Cli;

/// <summary>
/// The <c>--out</c> folder, checked before anything is billed. Files are created only inside it, exclusively
/// (never through a symlink, never over an existing file), written under a temporary name and renamed once
/// complete, so a crash leaves no half-written image under a real name.
/// </summary>
internal sealed class OutputFolder
{
    private const int MaxCopies = 99;

    private OutputFolder(string fullPath) => FullPath = fullPath;

    /// <summary>The folder's absolute path.</summary>
    public string FullPath { get; }

    /// <summary>Creates <paramref name="path"/> if needed and proves it writable by creating and deleting a file in it.</summary>
    /// <exception cref="CliInputException">It is not a folder, or cannot be written.</exception>
    public static OutputFolder Prepare(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CliInputException("--out must name a folder.");
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                throw new CliInputException($"--out '{TerminalText.Escape(path)}' is a file, not a folder; nothing was sent.");
            }

            // Durably: a result saved here is reported (and journalled by a batch) as on disk; a new folder's name lost in a
            // power cut would take every file in it.
            DurableDirectory.Create(full);
            var probe = Path.Combine(full, $".apixo-write-check-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliInputException($"--out '{TerminalText.Escape(path)}' is not a writable folder ({exception.Message}); nothing was sent.");
        }

        return new OutputFolder(Path.TrimEndingDirectorySeparator(full));
    }

    /// <summary>A new, empty temporary file in the folder, for one download.</summary>
    public PendingFile CreatePending(string stem)
    {
        var path = Inside($".{stem}.{Guid.NewGuid():N}.part");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, // fails on anything already there, a symlink included
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        var stream = new FileStream(path, options);
        return new PendingFile(this, path, stream);
    }

    /// <summary>Gives a finished temporary file its name: the first of <c>stem-index.ext</c>, <c>stem-index.1.ext</c>… not taken yet.</summary>
    internal string Commit(string temporary, string stem, int index, ImageFormat format)
    {
        for (var copy = 0; copy <= MaxCopies; copy++)
        {
            var target = Inside(ResultFileName.FileName(stem, index, format, copy));
            if (File.Exists(target) || Directory.Exists(target) || new FileInfo(target).LinkTarget is not null)
            {
                continue;
            }

            try
            {
                // Without overwrite, a move fails if the name was taken meanwhile (link, then unlink, on Unix).
                File.Move(temporary, target, overwrite: false);
                return target;
            }
            catch (IOException) when (File.Exists(target) || new FileInfo(target).LinkTarget is not null)
            {
            }
        }

        throw new IOException($"{MaxCopies + 1} files named {stem}-{index}.* are already in {FullPath}.");
    }

    /// <summary>The full path of <paramref name="fileName"/> in the folder, checked to be directly inside it.</summary>
    private string Inside(string fileName)
    {
        var full = Path.GetFullPath(Path.Combine(FullPath, fileName));
        if (!string.Equals(Path.GetDirectoryName(full), FullPath, StringComparison.Ordinal) || fileName.Contains(Path.DirectorySeparatorChar) || fileName.Contains(Path.AltDirectorySeparatorChar))
        {
            throw new InvalidOperationException($"A result file name left the --out folder: {TerminalText.Escape(fileName)}");
        }

        return full;
    }
}

/// <summary>A download being written: a temporary file that becomes a result or is deleted.</summary>
internal sealed class PendingFile(OutputFolder folder, string path, FileStream stream) : IAsyncDisposable
{
    private bool _committed;

    public Stream Stream => stream;

    /// <summary>Flushes to disk, closes and names the file; returns its full path.</summary>
    public async Task<string> CommitAsync(string stem, int index, ImageFormat format, CancellationToken cancellationToken)
    {
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
        await stream.DisposeAsync().ConfigureAwait(false);
        var final = folder.Commit(path, stem, index, format);
        _committed = true;
        return final;
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync().ConfigureAwait(false);
        if (!_committed)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Best effort: a leftover is a hidden .part file, never a result.
            }
        }
    }
}

using System.Runtime.InteropServices;

namespace Apixo.Generated.Batches;

/// <summary>
/// Makes a new name in a folder durable. An fsync of a file writes its bytes, not its name: on Linux and macOS a file
/// just created, or a folder, can vanish in a power cut until the folder that holds its name is flushed too. .NET opens
/// no folder as a file, so the folder is opened and flushed through libc. On Windows a folder cannot be flushed this way;
/// there the file's own flush is all there is.
/// </summary>
internal static class DurableDirectory
{
    private const int ReadOnly = 0;   // O_RDONLY is 0 on Linux and macOS alike; no other flag is needed to read a folder
    private const int NoSuchFile = 2;   // ENOENT, on Linux and macOS alike
    private const int InvalidArgument = 22;   // EINVAL, on Linux and macOS alike: a file system that cannot flush a folder

    /// <summary>Flushes <paramref name="directory"/> to disk, so that the names in it outlive a power cut.</summary>
    /// <exception cref="IOException">The folder cannot be opened, or its flush failed.</exception>
    public static void Sync(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // The path as C wants it: UTF-8, ending in a zero byte (passed as bytes, so no string marshalling is involved).
        var descriptor = Open(System.Text.Encoding.UTF8.GetBytes(directory + "\0"), ReadOnly);
        if (descriptor < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw error == NoSuchFile
                ? new DirectoryNotFoundException($"The folder {directory} does not exist.")
                : new IOException($"The folder {directory} cannot be opened to be flushed to disk (errno {error}).");
        }

        try
        {
            if (Fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() is var error && error != InvalidArgument)
            {
                throw new IOException($"The folder {directory} could not be flushed to disk (errno {error}): the names in it may not survive a power cut.");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>
    /// Creates <paramref name="directory"/> and any missing folder above it, and flushes the folder that holds each new
    /// name. The new folder itself is flushed by whoever creates a file in it.
    /// </summary>
    public static void Create(string directory) => Create(directory, Sync);

    internal static void Create(string directory, Action<string> sync)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var missing = new Stack<string>();
        for (var folder = full; folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
        {
            missing.Push(folder);
        }

        if (missing.Count == 0)
        {
            return;
        }

        Directory.CreateDirectory(full);
        foreach (var created in missing)
        {
            sync(Path.GetDirectoryName(created)!);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Apixo.Generated.Cli;

/// <summary>
/// The stem of a result file's name, made from a task id that may come from a hostile server: never a path,
/// never a hidden or reserved name, bounded in length, and one-to-one (two different ids never share a stem).
/// </summary>
/// <remarks>
/// An id of 1 to 64 lower-case letters, digits, '_' or '-' that starts with a letter or digit (APIXO's own
/// <c>task_…</c> ids) is its own stem. Any other id becomes its safe characters, lower-cased and cut to 32, then
/// '~' and 16 hex digits of its SHA-256. Plain stems never hold '~', so they cannot meet a hashed one, and only
/// lower case is kept, so two ids never meet on a case-insensitive file system either.
/// </remarks>
internal static class ResultFileName
{
    public const int MaxPlainLength = 64;
    private const int MaxReadableLength = 32;

    // Names Windows reserves whatever the extension: a folder shared with Windows must not meet them.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    };

    /// <summary>The stem for <paramref name="taskId"/>.</summary>
    /// <param name="taskId">The id.</param>
    /// <param name="secrets">The keys: an id that holds part of one keeps none of its characters in the name.</param>
    public static string StemOf(string taskId, Secrets? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        var leaks = secrets?.Overlaps(taskId) == true;
        if (IsPlain(taskId) && !leaks)
        {
            return taskId;
        }

        var readable = new StringBuilder(MaxReadableLength);
        foreach (var c in leaks ? string.Empty : taskId)
        {
            if (readable.Length == MaxReadableLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            {
                readable.Append(char.ToLowerInvariant(c));
            }
        }

        // Over the UTF-16 code units: UTF-8 would turn every lone surrogate into U+FFFD, and two ids into one.
        var hash = SHA256.HashData(MemoryMarshal.AsBytes(taskId.AsSpan()));
        return (readable.Length > 0 && char.IsAsciiLetterOrDigit(readable[0]) ? readable.ToString() : "task")
            + "~" + Convert.ToHexStringLower(hash, 0, 8);
    }

    /// <summary>The file name of image <paramref name="index"/> of a task, in its format; <paramref name="copy"/> above 0 when that name was taken.</summary>
    public static string FileName(string stem, int index, ImageFormat format, int copy = 0) =>
        copy == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{stem}-{index}.{format.Extension}")
            : string.Create(CultureInfo.InvariantCulture, $"{stem}-{index}.{copy}.{format.Extension}");

    private static bool IsPlain(string id) =>
        id.Length is > 0 and <= MaxPlainLength
        && char.IsAsciiLetterOrDigit(id[0])
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-')
        && !Reserved.Contains(id);
}

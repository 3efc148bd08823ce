namespace Apixo.Generated.Cli;

/// <summary>An image format recognised by its first bytes, never by a URL or a Content-Type the server chose.</summary>
internal sealed record ImageFormat(string Name, string Extension)
{
    public static readonly ImageFormat Png = new("PNG", "png");
    public static readonly ImageFormat Jpeg = new("JPEG", "jpg");
    public static readonly ImageFormat WebP = new("WebP", "webp");

    /// <summary>How many leading bytes <see cref="Sniff"/> needs.</summary>
    public const int SniffLength = 12;

    /// <summary>The format whose magic number <paramref name="head"/> starts with, or null.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        // RIFF, a 4-byte size, then WEBP.
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }

        return null;
    }
}

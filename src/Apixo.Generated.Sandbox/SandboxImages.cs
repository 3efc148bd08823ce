namespace Apixo.Generated.Sandbox;

/// <summary>
/// The result images: real PNGs whose size follows the aspect ratio and tier, and whose content (a gradient)
/// is fixed by the prompt. 1k is 1024 px on the long side, 2k 2048, 4k 4096; auto is 1:1.
/// </summary>
public static class SandboxImages
{
    /// <summary>The width and height of a result image.</summary>
    public static (int Width, int Height) Size(string aspectRatio, string resolution)
    {
        var side = resolution switch { "2k" => 2048, "4k" => 4096, _ => 1024 };
        var (w, h) = aspectRatio switch
        {
            "4:3" => (4, 3),
            "3:4" => (3, 4),
            "16:9" => (16, 9),
            "9:16" => (9, 16),
            _ => (1, 1),
        };
        return w >= h ? (side, side * h / w) : (side * w / h, side);
    }

    /// <summary>The PNG for a prompt: a two-colour gradient whose colours come from the prompt's hash.</summary>
    public static byte[] Render(string prompt, string aspectRatio, string resolution)
    {
        var (width, height) = Size(aspectRatio, resolution);
        var seed = StableHash(prompt);
        var (r1, g1, b1) = ((byte)seed, (byte)(seed >> 8), (byte)(seed >> 16));
        var (r2, g2, b2) = ((byte)~r1, (byte)(seed >> 24), (byte)~b1);
        return PngEncoder.Encode(width, height, (x, y) =>
        {
            var t = (x + y) / (double)(width + height);
            return ((byte)(r1 + ((r2 - r1) * t)), (byte)(g1 + ((g2 - g1) * t)), (byte)(b1 + ((b2 - b1) * t)));
        });
    }

    /// <summary>A hash that is the same in every process (string.GetHashCode is not).</summary>
    internal static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}

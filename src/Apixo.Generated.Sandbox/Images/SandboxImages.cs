namespace Apixo.Generated.Sandbox;

/// <summary>
/// The result images: real PNGs whose size follows the aspect ratio and tier, and whose content (a gradient)
/// is fixed by the prompt. A tier <c>Nk</c> is N×1024 px on the long side; any <c>W:H</c> ratio is rendered,
/// and a value that is not one (<c>auto</c>) is 1:1, so a ratio or tier new in the contract needs no change here.
/// </summary>
public static class SandboxImages
{
    private const int MaxSide = 8192;

    /// <summary>The width and height of a result image.</summary>
    public static (int Width, int Height) Size(string aspectRatio, string resolution)
    {
        ArgumentNullException.ThrowIfNull(aspectRatio);
        ArgumentNullException.ThrowIfNull(resolution);
        var side = Math.Min(MaxSide, Tier(resolution) * 1024);
        var (w, h) = Ratio(aspectRatio) ?? (1, 1);
        return w >= h
            ? (side, (int)Math.Max(1, side * h / w))
            : ((int)Math.Max(1, side * w / h), side);
    }

    private static int Tier(string resolution) =>
        resolution.Length > 1 && char.ToLowerInvariant(resolution[^1]) == 'k'
        && int.TryParse(resolution.AsSpan(0, resolution.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var tier) && tier > 0
            ? tier
            : 1;

    private static (long W, long H)? Ratio(string aspectRatio)
    {
        var parts = aspectRatio.Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w)
            && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var h)
            && w is > 0 and <= 100_000 && h is > 0 and <= 100_000
                ? (w, h)
                : null;
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

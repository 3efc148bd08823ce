using System.Buffers.Binary;

namespace Apixo.Generated.Evolution.Tests.TestSupport;

/// <summary>The width and height in a PNG's header.</summary>
internal static class PngSize
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) Of(string file)
    {
        var bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length > 24 && bytes.AsSpan(0, 8).SequenceEqual(Signature) && bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8), $"{file} is not a PNG.");
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}

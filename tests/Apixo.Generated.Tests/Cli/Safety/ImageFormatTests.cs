using Apixo.Generated.Cli;

namespace Apixo.Generated.Tests.Cli.Safety;

/// <summary>The format of a result comes from its bytes.</summary>
public sealed class ImageFormatTests
{
    [Theory]
    [InlineData("89504E470D0A1A0A0000000D", "png")]
    [InlineData("FFD8FFE000104A4649460001", "jpg")]
    [InlineData("524946462400000057454250", "webp")]
    public void Magic_numbers_name_the_extension(string hex, string extension) =>
        Assert.Equal(extension, ImageFormat.Sniff(Convert.FromHexString(hex))?.Extension);

    [Theory]
    [InlineData("3C68746D6C3E3C2F68746D6C")] // <html></html>
    [InlineData("")]
    [InlineData("89504E47")] // a PNG signature cut short
    [InlineData("524946462400000057415645")] // RIFF WAVE
    [InlineData("7B22636F6465223A3230307D")] // {"code":200}
    public void Anything_else_is_not_an_image(string hex) =>
        Assert.Null(ImageFormat.Sniff(Convert.FromHexString(hex)));
}

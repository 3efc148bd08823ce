using Apixo.Generated.Cli;

namespace Apixo.Generated.Tests.Cli.Safety;

/// <summary>Server-supplied text can neither drive the terminal nor forge a line.</summary>
public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("\u001b[2J\u001b[31mpwned", "\\u{001B}[2J\\u{001B}[31mpwned")]
    [InlineData("ok\nTask x succeeded. Saved: /etc/passwd", "ok\\u{000A}Task x succeeded. Saved: /etc/passwd")]
    [InlineData("a\rb", "a\\u{000D}b")]
    [InlineData("abc\u202Egnp.exe", "abc\\u{202E}gnp.exe")]
    [InlineData("\u009b31m", "\\u{009B}31m")]
    [InlineData("zero\u200bwidth", "zero\\u{200B}width")]
    [InlineData("bell\u0007", "bell\\u{0007}")]
    [InlineData("plain text: ünïcödé 🎨", "plain text: ünïcödé 🎨")]
    public void Escape_makes_every_unsafe_character_visible(string value, string expected) =>
        Assert.Equal(expected, TerminalText.Escape(value));

    [Fact]
    public void A_lone_surrogate_is_escaped_and_a_pair_kept() =>
        Assert.Equal("\\u{D800}x🎨", TerminalText.Escape("\ud800x🎨"));

    [Fact]
    public void A_long_value_is_cut() =>
        Assert.Equal(new string('a', 10) + "…", TerminalText.Escape(new string('a', 50), 10));

    [Fact]
    public void Neutralize_keeps_our_own_line_breaks_and_escapes_the_rest() =>
        Assert.Equal("line one\n\tline two \\u{001B}[0m\n", TerminalText.Neutralize("line one\n\tline two \u001b[0m\n"));

    [Theory]
    [InlineData("task_123", "task_123")]
    [InlineData("a b", "'a b'")]
    [InlineData("x'; rm -rf ~ #", "'x'\\''; rm -rf ~ #'")]
    [InlineData("$(reboot)", "'$(reboot)'")]
    public void ShellWord_quotes_what_a_shell_would_read(string value, string expected) =>
        Assert.Equal(expected, TerminalText.ShellWord(value));
}

using Apixo.Generated.Cli;

namespace Apixo.Generated.Tests.Cli.Safety;

/// <summary>A server's task id becomes a file name that stays in --out, is bounded, and never meets another id's.</summary>
public sealed class ResultFileNameTests
{
    public static TheoryData<string> HostileIds => new()
    {
        "../../etc/passwd",
        "/etc/passwd",
        "..",
        ".",
        "..\\..\\windows\\system32",
        "C:\\Windows\\x",
        "task/../../x",
        "\u001b[31mred\u001b[0m",
        "abc\u202Egnp.exe",
        "a\u0000b",
        "con",
        "NUL",
        "-rf",
        ".hidden",
        "Task_ABC",
        "spaces in id",
        new string('a', 65),
        new string('x', 100_000),
        "🎨",
        "\ud800",
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void A_hostile_id_becomes_a_plain_bounded_name(string id)
    {
        var stem = ResultFileName.StemOf(id);

        Assert.Matches("^[a-z0-9][a-z0-9_-]{0,63}(~[0-9a-f]{16})?$", stem);
        Assert.Contains('~', stem);
        Assert.True(stem.Length <= 32 + 17, stem);
        var name = ResultFileName.FileName(stem, 0, ImageFormat.Png);
        Assert.Equal(name, Path.GetFileName(name));
        Assert.False(Path.IsPathRooted(name));
    }

    [Theory]
    [InlineData("task_1ac1f2c70f724eee")]
    [InlineData("task-abc123")]
    [InlineData("0")]
    public void A_plain_id_is_its_own_name(string id) => Assert.Equal(id, ResultFileName.StemOf(id));

    [Fact]
    public void Different_ids_never_share_a_name_even_ignoring_case()
    {
        string[] ids =
        [
            "task_a", "TASK_A", "Task_A", "task_a~", "task/a", "task\\a", "task a", "task_a ", " task_a", "task_a\u200b",
            "task_a-0", "task_a-1", "../task_a", "task_a/..", "..task_a", new string('a', 64), new string('a', 65), new string('a', 66),
            "task_a~" + new string('0', 16),
        ];
        var names = ids.Select(id => ResultFileName.FileName(ResultFileName.StemOf(id), 0, ImageFormat.Png).ToLowerInvariant()).ToList();

        Assert.Equal(ids.Length, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void An_index_or_a_copy_number_never_makes_one_task_s_name_another_s()
    {
        // "a" image 1 against "a-1" image 0, and copies: the index is always the last plain number.
        var names = new[]
        {
            ResultFileName.FileName(ResultFileName.StemOf("a"), 1, ImageFormat.Png),
            ResultFileName.FileName(ResultFileName.StemOf("a-1"), 0, ImageFormat.Png),
            ResultFileName.FileName(ResultFileName.StemOf("a"), 0, ImageFormat.Png, copy: 1),
            ResultFileName.FileName(ResultFileName.StemOf("a-0"), 1, ImageFormat.Png),
        };

        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
    }
}

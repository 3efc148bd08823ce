using System.Text.Json;

namespace Apixo.Generated.Tests.Wire;

/// <summary><c>resultJson</c> is a JSON string inside the JSON; one call turns it into a <see cref="TaskResult"/>.</summary>
public sealed class ResultJsonTests
{
    [Fact]
    public void Parses_the_result_urls()
    {
        var status = new TaskStatusData
        {
            TaskId = "task_1",
            State = TaskState.Success,
            ResultJson = """{"resultUrls":["https://cdn.example.com/0.png","https://cdn.example.com/1.png"]}""",
        };

        var result = status.ParseResultJson();

        Assert.NotNull(result);
        Assert.Equal(["https://cdn.example.com/0.png", "https://cdn.example.com/1.png"], result.ResultUrls.Select(url => url.OriginalString));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_result_yet_is_null(string? resultJson)
    {
        var status = new TaskStatusData { TaskId = "task_1", State = TaskState.Processing, ResultJson = resultJson };
        Assert.Null(status.ParseResultJson());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("""{"urls":[]}""")]
    [InlineData("""{"resultUrls":"https://cdn.example.com/0.png"}""")]
    public void A_malformed_result_throws_JsonException(string resultJson)
    {
        var status = new TaskStatusData { TaskId = "task_1", State = TaskState.Success, ResultJson = resultJson };
        Assert.Throws<JsonException>(() => status.ParseResultJson());
    }
}

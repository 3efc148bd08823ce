using Microsoft.Extensions.Logging.Testing;

namespace Apixo.Generated.Tests.Runtime;

/// <summary>Everything the client logs, captured whole: the key never appears; the prompt only when asked for.</summary>
public sealed class LoggingTests
{
    private const string Prompt = "a very private prompt about my neighbour";

    private static string Everything(FakeLogCollector logs) => string.Join('\n', logs.GetSnapshot().Select(record =>
        $"{record.Category} {record.Id} {record.Level} {record.Message} {string.Join(',', record.StructuredState?.Select(pair => pair.Key + "=" + pair.Value) ?? [])} {record.Exception}"));

    private static async Task<string> RunEverythingAsync(bool logPrompts)
    {
        using var apixo = new ApixoFaultServer(options => options.LogPrompts = logPrompts);
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(200, """{"code":200,"message":"success","data":{"taskId":"task_9"}}"""));
        apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(500, "{}"), new Step(200, """{"code":200,"data":{"taskId":"task_9","state":"success","resultJson":"{\"resultUrls\":[\"https://cdn.example.com/x.png\"]}"}}"""));
        apixo.Script(ApixoFaultServer.BalancePath, "GET", new Step(401, """{"code":401,"message":"Invalid or missing API key"}"""));

        Assert.Equal("task_9", await apixo.Client.SubmitAsync(GptImage2.TextToImage(Prompt).Build()));
        Assert.Equal(TaskState.Success, (await apixo.Client.GetStatusAsync("task_9")).State);
        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.GetBalanceAsync());
        Assert.DoesNotContain(ApixoFaultServer.ApiKey, error.ToString(), StringComparison.Ordinal);

        var logs = apixo.Logs.GetSnapshot();
        Assert.Contains(logs, record => record.Id.Id == 1001);
        Assert.Contains(logs, record => record.Id.Id == 1020);
        return Everything(apixo.Logs);
    }

    [Fact]
    public async Task The_key_never_appears_and_the_prompt_is_not_logged_by_default()
    {
        var everything = await RunEverythingAsync(logPrompts: false);

        Assert.DoesNotContain(ApixoFaultServer.ApiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Prompt, everything, StringComparison.Ordinal);
        Assert.Contains("task_9", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whole_generate_and_wait_logs_every_step_at_every_level_without_the_key_or_the_prompt()
    {
        var clock = new JumpingClock(DateTimeOffset.UnixEpoch);
        using var apixo = new ApixoFaultServer(time: clock);
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(200, """{"code":200,"message":"success","data":{"taskId":"task_5"}}"""));
        apixo.Script(
            ApixoFaultServer.StatusPath,
            "GET",
            new Step(200, """{"code":200,"data":{"taskId":"task_5","state":"processing"}}"""),
            new Step(503, "{}"),
            new Step(200, """{"code":200,"data":{"taskId":"task_5","state":"success","resultJson":"{\"resultUrls\":[\"https://cdn.example.com/5.png\"]}"}}"""));

        var done = await clock.RunAsync(apixo.Client.GenerateAsync(GptImage2.TextToImage(Prompt).Build()));

        Assert.Equal(TaskState.Success, done.State);
        var ids = apixo.Logs.GetSnapshot().Select(record => record.Id.Id).ToHashSet();
        Assert.Superset(new HashSet<int> { 1001, 1010, 1011, 1020, 1030 }, ids);
        Assert.Contains(apixo.Logs.GetSnapshot(), record => record.Level == Microsoft.Extensions.Logging.LogLevel.Trace || record.Level == Microsoft.Extensions.Logging.LogLevel.Debug);
        var everything = Everything(apixo.Logs);
        Assert.DoesNotContain(ApixoFaultServer.ApiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Prompt, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_prompt_is_logged_only_when_opted_in()
    {
        var everything = await RunEverythingAsync(logPrompts: true);

        Assert.Contains(Prompt, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ApixoFaultServer.ApiKey, everything, StringComparison.Ordinal);
    }
}

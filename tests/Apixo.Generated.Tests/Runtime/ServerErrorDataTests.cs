using System.Text.Json;

namespace Apixo.Generated.Tests.Runtime;

/// <summary>An error keeps what the server said: the envelope's <c>data</c> on the exception and, short and safe, in its message.</summary>
public sealed class ServerErrorDataTests
{
    private static readonly GenerateTaskRequest Request = GptImage2.TextToImage("p").Build();

    // No test here times anything out: the fault server's short attempt timeout only makes them flaky on a loaded machine.
    private static ApixoFaultServer Server() => new(options => options.AttemptTimeout = TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_400_keeps_its_data_and_the_message_names_the_field()
    {
        using var apixo = Server();
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(400, """{"code":400,"message":"Invalid request","data":{"field":"/input/prompt","rule":"maxLength"}}"""));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.SubmitAsync(Request));

        Assert.Equal("Invalid request", error.ServerMessage);
        Assert.Equal("/input/prompt", error.ServerData!.Value.GetProperty("field").GetString());
        Assert.Equal("maxLength", error.ServerData.Value.GetProperty("rule").GetString());
        Assert.Contains("The server said: Invalid request (field: /input/prompt; rule: maxLength)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APIXO_s_own_400_shape_is_rendered_too()
    {
        using var apixo = Server();
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(400, """{"code":400,"message":"Invalid request","data":{"error":"Missing required field: input.prompt"}}"""));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.SubmitAsync(Request));

        Assert.Contains("(error: Missing required field: input.prompt)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_error_keeps_its_data()
    {
        using var apixo = Server();
        apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(404, """{"code":404,"message":"Not found","data":{"taskId":"task_1","known":false}}"""));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.GetStatusAsync("task_1"));

        Assert.Equal(JsonValueKind.False, error.ServerData!.Value.GetProperty("known").ValueKind);
        Assert.Contains("(taskId: task_1; known: false)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submit_outcome_unknown_keeps_the_data_of_its_5xx()
    {
        using var apixo = Server();
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(500, """{"code":500,"message":"Internal error","data":{"error":"upstream timeout"}}"""));

        var error = await Assert.ThrowsAsync<ApixoSubmitOutcomeUnknownException>(() => apixo.Client.SubmitAsync(Request));

        Assert.Equal("upstream timeout", error.ServerData!.Value.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("""{"error":"bad key sk-live-SECRET-4242"}""")]
    [InlineData("""{"error":"bad key \u0073k-live-SECRET-4242"}""")]
    [InlineData("""{"sk-live-SECRET-4242":["nested", {"key":"sk-live-SECRET-4242"}]}""")]
    [InlineData("\"sk-live-SECRET-4242\"")]
    public async Task An_echoed_key_is_in_neither_the_data_nor_the_message(string data)
    {
        using var apixo = Server();
        apixo.Script(ApixoFaultServer.BalancePath, "GET", new Step(401, $$"""{"code":401,"message":"no such key sk-live-SECRET-4242","data":{{data}}}"""));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.GetBalanceAsync());

        Assert.NotNull(error.ServerData);
        Assert.DoesNotContain(ApixoFaultServer.ApiKey, error.ServerData.Value.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApixoFaultServer.ApiKey, JsonSerializer.Serialize(error.ServerData.Value), StringComparison.Ordinal);
        Assert.DoesNotContain(ApixoFaultServer.ApiKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApixoFaultServer.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("no such key ***", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_larger_than_the_bound_is_not_kept()
    {
        using var apixo = Server();
        var huge = new string('x', 5000);
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(400, "{\"code\":400,\"message\":\"Invalid request\",\"data\":{\"error\":\"" + huge + "\"}}"));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.SubmitAsync(Request));

        Assert.Null(error.ServerData);
        Assert.DoesNotContain("xxxx", error.Message, StringComparison.Ordinal);
        Assert.Equal("Invalid request", error.ServerMessage);
    }

    [Fact]
    public async Task The_rendering_is_short_and_without_control_characters()
    {
        using var apixo = Server();
        var members = string.Join(",", Enumerable.Range(1, 8).Select(i => $"\"m{i}\":\"v{i}\""));
        var said = "a\\u001b[31mb\\u202Ec " + new string('y', 300);
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(400, "{\"code\":400,\"message\":\"Invalid request\",\"data\":{\"error\":\"" + said + "\"," + members + ",\"nested\":{\"deep\":\"hidden\"}}}"));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.SubmitAsync(Request));

        Assert.DoesNotContain('\u001b', error.Message);
        Assert.DoesNotContain('\u202E', error.Message);
        Assert.Contains("a\uFFFD[31mb\uFFFDc", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('y', 201), error.Message, StringComparison.Ordinal);
        Assert.Contains("m3: v3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("m4", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden", error.Message, StringComparison.Ordinal);
        Assert.Equal("hidden", error.ServerData!.Value.GetProperty("nested").GetProperty("deep").GetString());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[1,2]")]
    public async Task Data_with_nothing_short_to_say_adds_nothing_to_the_message(string data)
    {
        using var apixo = Server();
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(400, $$"""{"code":400,"message":"Invalid request","data":{{data}}}"""));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.SubmitAsync(Request));

        Assert.Equal(data == "null", error.ServerData is null);
        Assert.Contains("The server said: Invalid request ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Invalid request (", error.Message, StringComparison.Ordinal);
    }
}

using Apixo.Generated.Evolution.Tests.TestSupport;
using Xunit.Abstractions;

namespace Apixo.Generated.Evolution.Tests;

/// <summary>A new value in a set the contract already has: an enum value, a fail code, a task state.</summary>
[Collection(EvolutionCollection.Name)]
public sealed class NewValueTests(ScratchRepository scratch, ITestOutputHelper output)
{
    [Fact]
    public async Task A_new_aspect_ratio_is_offered_sent_accepted_and_rendered()
    {
        var contract = scratch.Contract();
        var aspectRatio = contract.Schema("AspectRatio");
        ContractEdit.Append(aspectRatio, "enum", "'5:4'");
        ContractEdit.Append(aspectRatio, "x-enumNames", "Ratio5x4");
        await using var scenario = await scratch.StartAsync("new aspect ratio 5:4", contract, output);

        // The CLI offers it, among today's choices.
        Assert.DoesNotContain("5:4", Cli.HelpLine(scratch.BaselineHelp, "--aspect-ratio"), StringComparison.Ordinal);
        Assert.Contains("<auto|1:1|4:3|3:4|16:9|9:16|5:4>", Cli.HelpLine(await scenario.HelpAsync(), "--aspect-ratio"), StringComparison.Ordinal);

        // It goes on the wire as the contract spells it, and the sandbox built from the same contract accepts it.
        var submitted = (await scenario.RunProxiedAsync("generate", "a harbour at noon", "--aspect-ratio", "5:4", "--no-wait", "--json")).Exits(Cli.Success);
        var submit = Assert.Single(scenario.Submits);
        Assert.Equal("5:4", (string?)submit.Request["input"]!["aspect_ratio"]);
        Assert.Equal((string?)submit.Response["data"]!["taskId"], (string?)Cli.Json(submitted)["taskId"]);

        // A ratio the contract still lacks is refused before anything is sent, naming the option.
        var refused = (await scenario.RunProxiedAsync("generate", "a harbour at noon", "--aspect-ratio", "5:3", "--no-wait")).Exits(Cli.InvalidInput);
        Assert.Matches("aspect[-_]ratio", refused.Stderr);
        Assert.Single(scenario.Exchanges);

        // The README's main job with the new value: the task succeeds and a 5:4 PNG lands in --out.
        var made = (await scenario.RunAsync("generate", "a harbour at noon", "--aspect-ratio", "5:4", "--json", "--out", "out")).Exits(Cli.Success);
        var file = (string)Cli.Json(made)["files"]![0]!;
        Assert.Equal((1024, 819), PngSize.Of(file));
    }

    [Fact]
    public async Task A_new_fail_code_is_reported_with_its_advice()
    {
        var contract = scratch.Contract();
        ContractEdit.Append(contract.Schema("FailCode"), "x-apixo-fail-codes", """
            code: STYLE_UNAVAILABLE
            name: StyleUnavailable
            meaning: The requested style is not offered for this model.
            advice: Pick another style, or leave the style out.
            retry: change-input
            """);
        await using var scenario = await scratch.StartAsync("new fail code", contract, output);

        // The sandbox fails the task with the new code; the CLI reports it with the contract's advice, exit 3.
        var failed = (await scenario.RunAsync("generate", "a fox in the snow [fail:STYLE_UNAVAILABLE]", "--json", "--out", "out")).Exits(Cli.TaskFailed);
        var json = Cli.Json(failed);
        Assert.Equal(("failed", "STYLE_UNAVAILABLE"), ((string?)json["state"], (string?)json["failCode"]));
        Assert.Contains("failed with STYLE_UNAVAILABLE", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("Pick another style, or leave the style out.", failed.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(scenario.Folder, "out")));
    }

    [Fact]
    public async Task A_new_terminal_state_ends_the_wait()
    {
        var contract = scratch.Contract();
        var state = contract.Schema("TaskState");
        ContractEdit.Append(state, "enum", "canceled");
        ContractEdit.Append(state, "x-enumNames", "Canceled");
        ContractEdit.Append(state, "x-apixo-terminal-states", "canceled");
        await using var scenario = await scratch.StartAsync("new terminal state canceled", contract, output);

        // The sandbox ends the task in the new state; the client knows it is terminal and not a success: exit 3
        // at once, not a wait through an unknown state until the deadline (exit 5; 600 sandbox seconds here).
        var ended = (await scenario.RunAsync("generate", "a fox in the snow [state:canceled]", "--json", "--out", "out", "--timeout", "600")).Exits(Cli.TaskFailed);
        Assert.Equal("canceled", (string?)Cli.Json(ended)["state"]);
        Assert.Contains("ended in state 'canceled'", ended.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(scenario.Folder, "out")));

        // Over the wire too: the status answer carries it, and `wait` ends on it.
        (await scenario.RunProxiedAsync("generate", "a hare in the snow [state:canceled]", "--no-wait", "--json")).Exits(Cli.Success);
        var taskId = (string)scenario.Submits[^1].Response["data"]!["taskId"]!;
        var waited = (await scenario.RunProxiedAsync("wait", taskId, "--json", "--out", "out", "--timeout", "60")).Exits(Cli.TaskFailed);
        Assert.Equal("canceled", (string?)Cli.Json(waited)["state"]);
        Assert.Contains(scenario.Exchanges, exchange => exchange.Method == "GET" && (string?)exchange.Response["data"]?["state"] == "canceled");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Apixo.Generated.Evolution.Tests.TestSupport;
using Apixo.Generated.Generator.Tests.TestSupport;
using Xunit.Abstractions;

namespace Apixo.Generated.Evolution.Tests;

/// <summary>A fact the contract states changes: prices and the polling schedule, limits, the server's address.</summary>
[Collection(EvolutionCollection.Name)]
public sealed class ChangedFactTests(ScratchRepository scratch, ITestOutputHelper output)
{
    [Fact]
    public async Task New_prices_and_a_new_polling_schedule()
    {
        var contract = scratch.Contract();
        var resolution = contract.Schema("Resolution");
        ContractYaml.Set(ContractYaml.At(resolution, "x-apixo-pricing", "prices"), "2k", "0.05");
        var polling = ContractYaml.At(resolution, "x-apixo-polling", "2k");
        ContractYaml.Set(polling, "first-poll-seconds", "20");
        ContractYaml.Set(polling, "interval-seconds", "5");
        ContractEdit.Replace(polling, "typical-seconds", "[20, 40]");
        await using var scenario = await scratch.StartAsync("new prices and polling", contract, output);

        // The price table: cost, and the estimate of a run.
        var cost = (await scenario.RunAsync("cost", "--resolution", "2k", "--count", "3")).Exits(Cli.Success);
        Assert.Contains("3 image(s) at 2k: 0.15 USD", cost.Stdout, StringComparison.Ordinal);

        // The schedule: the CLI waits on it, and the sandbox's tasks take the new typical time.
        var made = (await scenario.RunAsync("generate", "a lighthouse at dawn", "--resolution", "2k", "--json", "--out", "out")).Exits(Cli.Success);
        Assert.Contains("waiting (first poll after 20 s, then every 5 s)", made.Stderr, StringComparison.Ordinal);
        var json = Cli.Json(made);
        Assert.Equal(0.05m, (decimal)json["estimatedCost"]!);
        Assert.Equal((2048, 2048), PngSize.Of((string)json["files"]![0]!));

        (await scenario.RunProxiedAsync("generate", "a lighthouse at dusk", "--resolution", "2k", "--no-wait", "--json")).Exits(Cli.Success);
        var taskId = (string)scenario.Submits[^1].Response["data"]!["taskId"]!;
        (await scenario.RunProxiedAsync("wait", taskId, "--resolution", "2k", "--json", "--out", "out")).Exits(Cli.Success);
        var done = scenario.Exchanges.Last(exchange => exchange.Method == "GET" && exchange.PathAndQuery.Contains(taskId, StringComparison.Ordinal));
        Assert.InRange((long)done.Response["data"]!["costTime"]!, 20_000, 40_000);
    }

    [Fact]
    public async Task Narrowed_limits_are_refused_before_anything_is_sent()
    {
        var contract = scratch.Contract();
        var prompt = ContractYaml.At(contract.Schema("GenerationInput"), "properties", "prompt");
        ContractYaml.Set(prompt, "maxLength", "1000");
        ContractYaml.Set(prompt, "description", "What to generate, 1 to 1000 characters.");
        var imageUrls = ContractYaml.At(contract.Schema("ImageToImageInput"), "allOf", "1", "properties", "image_urls");
        ContractYaml.Set(imageUrls, "maxItems", "4");
        ContractYaml.Set(imageUrls, "description", "1 to 4 public, direct image URLs.");
        await using var scenario = await scratch.StartAsync("narrowed limits", contract, output);

        var help = await scenario.HelpAsync();
        Assert.Contains("(1 to 20000 characters)", Cli.HelpLine(scratch.BaselineHelp, "<prompt>"), StringComparison.Ordinal);
        Assert.Contains("(1 to 1000 characters)", Cli.HelpLine(help, "<prompt>"), StringComparison.Ordinal);
        Assert.Contains("(repeat the option: 1 to 4)", Cli.HelpLine(help, "--image-urls"), StringComparison.Ordinal);

        // Over the new limits: exit 2, the field and the rule named, and nothing reaches the server.
        var api = await scenario.ProxiedApiAsync();
        var tooLong = (await scenario.RunProxiedAsync("generate", new string('p', 1001), "--no-wait")).Exits(Cli.InvalidInput);
        Assert.Contains("/input/prompt: breaks 'maxLength' (allowed: 1000 characters; given: 1001 characters)", tooLong.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", tooLong.Stderr, StringComparison.Ordinal);
        string[] fiveImages = [.. Enumerable.Range(1, 5).SelectMany(i => new[] { "--image-urls", $"https://example.com/{i}.png" })];
        var tooMany = (await scenario.RunProxiedAsync(["generate", "sketch them", .. fiveImages, "--no-wait"])).Exits(Cli.InvalidInput);
        Assert.Contains("/input/image_urls", tooMany.Stderr, StringComparison.Ordinal);
        Assert.Contains("maxItems", tooMany.Stderr, StringComparison.Ordinal);
        Assert.Empty(scenario.Exchanges);

        // At the new limit: sent, and accepted by the sandbox of the same contract.
        (await scenario.RunProxiedAsync("generate", new string('p', 1000), "--no-wait", "--json")).Exits(Cli.Success);
        Assert.Equal(1000, ((string)Assert.Single(scenario.Submits).Request["input"]!["prompt"]!).Length);

        // The sandbox holds the same line for any client: a raw body over the limit gets 400 naming the field.
        using var http = new HttpClient();
        using var raw = new HttpRequestMessage(HttpMethod.Post, new Uri(api + "/generateTask/gpt-image-2"))
        {
            Content = new StringContent(new JsonObject { ["request_type"] = "async", ["input"] = new JsonObject { ["mode"] = "text-to-image", ["prompt"] = new string('p', 1001) } }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        raw.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Scenario.Key);
        using var answer = await http.SendAsync(raw);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var error = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["data"]!["errors"]![0]!;
        Assert.Equal(("/input/prompt", "maxLength"), ((string?)error["field"], (string?)error["rule"]));
    }

    [Fact]
    public async Task A_changed_server_url_is_the_default_base_address()
    {
        // A new address and API version. The host is the suite's recording proxy on loopback, so that the default
        // base address can be seen in use without leaving this machine.
        var server = new Uri(scratch.Proxy.Address, "/apixo/v2").ToString();
        var contract = scratch.Contract();
        ContractYaml.Set(ContractYaml.At(contract.Root, "servers", "0"), "url", server);
        await using var scenario = await scratch.StartAsync("changed server URL", contract, output);

        // The sandbox serves the contract's paths under the new server path.
        var sandbox = await scenario.SandboxAsync();
        Assert.Equal("/apixo/v2", sandbox.BaseUrl.AbsolutePath);

        // With a key and no --base-url (nor APIXO_BASE_URL), the CLI talks to the contract's server.
        (await scenario.RunAsync("generate", "a lighthouse at dawn", "--api-key", Scenario.Key, "--no-wait", "--json")).Exits(Cli.Success);
        var submit = Assert.Single(scenario.Exchanges);
        Assert.Equal(("POST", "/apixo/v2/generateTask/gpt-image-2", 200), (submit.Method, submit.PathAndQuery, submit.Status));
        var taskId = (string)submit.Response["data"]!["taskId"]!;
        (await scenario.RunAsync("wait", taskId, "--api-key", Scenario.Key, "--json", "--out", "out")).Exits(Cli.Success);
        Assert.All(scenario.Exchanges, exchange => Assert.StartsWith("/apixo/v2/", exchange.PathAndQuery, StringComparison.Ordinal));

        // The in-process sandbox of the main job follows too.
        var made = (await scenario.RunAsync("generate", "a lighthouse at dawn", "--json", "--out", "out")).Exits(Cli.Success);
        Assert.Matches(@"offline sandbox at http://127\.0\.0\.1:\d+/apixo/v2 ", made.Stderr);
    }
}

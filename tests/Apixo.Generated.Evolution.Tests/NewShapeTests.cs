using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Apixo.Generated.Evolution.Tests.TestSupport;
using Apixo.Generated.Generator.Tests.TestSupport;
using Xunit.Abstractions;

namespace Apixo.Generated.Evolution.Tests;

/// <summary>A new shape: a third mode of the input, a new operation.</summary>
[Collection(EvolutionCollection.Name)]
public sealed class NewShapeTests(ScratchRepository scratch, ITestOutputHelper output)
{
    private const string Image = "https://example.com/photo.png";
    private const string Mask = "https://example.com/mask.png";

    [Fact]
    public async Task A_new_mode_is_reachable_by_its_field_and_by_name()
    {
        // Inpaint: a copy of image-to-image with one more required field, the mask.
        var contract = scratch.Contract();
        var inpaint = ContractEdit.Clone(contract.Schema("ImageToImageInput"));
        ContractYaml.Set(inpaint, "description", "Repaint the masked part of 1 to 16 reference images, guided by the prompt.");
        var own = ContractYaml.At(inpaint, "allOf", "1");
        ContractEdit.Append(own, "required", "mask_url");
        ContractEdit.Add(ContractYaml.At(own, "properties"), "mask_url", """
            type: string
            format: uri
            pattern: '^https?://'
            description: 'A public, direct URL of the mask: white where the image is repainted.'
            """);
        ContractEdit.Add(ContractYaml.At(contract.Root, "components", "schemas"), "InpaintInput", inpaint);
        var input = contract.Schema("GenerationInput");
        ContractEdit.Add(ContractYaml.At(input, "discriminator", "mapping"), "inpaint", "'#/components/schemas/InpaintInput'");
        ContractEdit.Append(input, "x-apixo-modes", "{ mode: inpaint, schema: InpaintInput }");
        await using var scenario = await scratch.StartAsync("new mode inpaint", contract, output);

        var help = await scenario.HelpAsync();
        Assert.StartsWith("--mode <text-to-image|image-to-image|inpaint>", Cli.HelpLine(help, "--mode"), StringComparison.Ordinal);
        Assert.Null(Cli.FindHelpLine(scratch.BaselineHelp, "--mask-url"));
        Assert.Contains("[required in inpaint]", Cli.HelpLine(help, "--mask-url"), StringComparison.Ordinal);

        // Given the mask, the CLI picks the new mode; the sandbox built from the same contract accepts it.
        (await scenario.RunProxiedAsync("generate", "repaint the sky", "--image-urls", Image, "--mask-url", Mask, "--no-wait", "--json")).Exits(Cli.Success);
        var sent = scenario.Submits[^1].Request["input"]!;
        Assert.Equal(("inpaint", Image, Mask), ((string?)sent["mode"], (string?)sent["image_urls"]![0], (string?)sent["mask_url"]));

        // Without it, today's image-to-image is still what the same options mean.
        (await scenario.RunProxiedAsync("generate", "repaint the sky", "--image-urls", Image, "--no-wait", "--json")).Exits(Cli.Success);
        sent = scenario.Submits[^1].Request["input"]!;
        Assert.Equal("image-to-image", (string?)sent["mode"]);
        Assert.Null(sent["mask_url"]);

        // Named without its required field: refused, naming it, and nothing is sent.
        var before = scenario.Exchanges.Count;
        var refused = (await scenario.RunProxiedAsync("generate", "repaint the sky", "--mode", "inpaint", "--image-urls", Image, "--no-wait")).Exits(Cli.InvalidInput);
        Assert.Contains("/input/mask_url", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, scenario.Exchanges.Count);

        var made = (await scenario.RunAsync("generate", "repaint the sky", "--mode", "inpaint", "--image-urls", Image, "--mask-url", Mask, "--json", "--out", "out")).Exits(Cli.Success);
        Assert.Equal((1024, 1024), PngSize.Of((string)Cli.Json(made)["files"]![0]!));
    }

    [Fact]
    public async Task A_new_operation_still_builds_and_the_sandbox_answers_501_for_it()
    {
        var contract = scratch.Contract();
        ContractEdit.Add(ContractYaml.At(contract.Root, "paths"), "/cancelTask/gpt-image-2", """
            post:
              operationId: CancelTask
              tags: [gpt-image-2]
              summary: Cancel a task that has not finished.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/CancelTaskRequest'
              responses:
                '200':
                  description: The task was cancelled.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/CancelTaskResponse'
                '400': { $ref: '#/components/responses/BadRequest' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '404': { $ref: '#/components/responses/NotFound' }
            """);
        var schemas = ContractYaml.At(contract.Root, "components", "schemas");
        ContractEdit.Add(schemas, "CancelTaskRequest", """
            type: object
            description: The body of cancelTask.
            required: [taskId]
            x-apixo-closed: true
            properties:
              taskId:
                type: string
                minLength: 1
                description: The id returned by generateTask.
            """);
        ContractEdit.Add(schemas, "CancelTaskResponse", """
            type: object
            description: The envelope cancelTask answers with.
            required: [code, data]
            properties:
              code:
                type: integer
                format: int32
                description: API status code; 200 on success.
              message:
                type: string
                description: Human-readable status message.
              data:
                $ref: '#/components/schemas/TaskStatusData'
            """);
        await using var scenario = await scratch.StartAsync("new operation cancelTask", contract, output);

        // The client regenerated with it: the Refit interface has the new call, with its own types.
        var generated = await File.ReadAllTextAsync(Path.Combine(scratch.Root, "src", "Apixo.Generated", "obj", "nswag", "ApixoApi.g.cs"));
        Assert.Contains("[global::Refit.Post(\"/cancelTask/gpt-image-2\")]", generated, StringComparison.Ordinal);
        Assert.Contains("Task<global::Refit.IApiResponse<CancelTaskResponse>> CancelTaskAsync(", generated, StringComparison.Ordinal);

        // The sandbox serves it at its path and says it does not model it: 501 with the error envelope.
        (await scenario.RunProxiedAsync("generate", "a fox in the snow", "--no-wait", "--json")).Exits(Cli.Success);
        var taskId = (string?)scenario.Submits[^1].Response["data"]!["taskId"];
        using var http = new HttpClient();
        using var cancel = new HttpRequestMessage(HttpMethod.Post, new Uri((await scenario.ProxiedApiAsync()) + "/cancelTask/gpt-image-2"))
        {
            Content = new StringContent(new JsonObject { ["taskId"] = taskId }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        cancel.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Scenario.Key);
        using var answer = await http.SendAsync(cancel);
        Assert.Equal(HttpStatusCode.NotImplemented, answer.StatusCode);
        var envelope = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal(501, (int)envelope["code"]!);
        Assert.Contains("CancelTask", envelope["data"]!["error"]!.ToString(), StringComparison.Ordinal);

        // The rest of the CLI is unchanged: the main job still succeeds.
        var made = (await scenario.RunAsync("generate", "a fox in the snow", "--json", "--out", "out")).Exits(Cli.Success);
        Assert.Equal((1024, 1024), PngSize.Of((string)Cli.Json(made)["files"]![0]!));
    }
}

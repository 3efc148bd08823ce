using System.Reflection;
using System.Runtime.Loader;
using Apixo.Generated.Generator.Tests.TestSupport;

namespace Apixo.Generated.Generator.Tests;

/// <summary>A limit of the builders is the contract's limit: edit it in memory and the built builder follows.</summary>
public sealed class ContractLimitTests
{
    [Fact]
    public void The_image_url_limit_and_the_callback_scheme_follow_the_contract()
    {
        var yaml = new ContractYaml();
        ContractYaml.Set(ContractYaml.At(yaml.Schema("ImageToImageInput"), "allOf", "1", "properties", "image_urls"), "maxItems", "4");
        ContractYaml.Set(ContractYaml.At(yaml.Schema("GenerateTaskRequest"), "properties", "callback_url"), "pattern", "^http://");
        var contract = yaml.ToString();
        var run = new GeneratorHarness(contract).Run();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileDiagnostics());

        var mode = run.Sources["GptImage2.ImageToImageRequestBuilder.g.cs"];
        var shared = run.Sources["GptImage2.RequestBuilder.g.cs"];
        Assert.Contains("minItems: 1, maxItems: 4", mode, StringComparison.Ordinal);
        Assert.Contains("CallbackUrlSchemes = { \"http\" }", shared, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_catalogue_follows_the_contract()
    {
        var yaml = new ContractYaml();
        var unavailable = ContractYaml.At(yaml.Root, "components", "responses", "ServiceUnavailable", "x-apixo-error");
        ContractYaml.Set(unavailable, "nothing-created", "true");
        ContractYaml.Set(unavailable, "retryable", "false");
        var run = new GeneratorHarness(yaml.ToString()).Run();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileDiagnostics());

        var errors = run.Sources["GptImage2.HttpErrors.g.cs"];
        Assert.Contains("new(503, global::Apixo.Generated.ApixoErrorKind.ServiceUnavailable, \"The service is unavailable.\", \"Retry later, with backoff.\", false, true),", errors, StringComparison.Ordinal);
        Assert.Contains("new(504, global::Apixo.Generated.ApixoErrorKind.UpstreamTimeout, \"Upstream timeout.\", \"Retry, or use callback mode for long-running jobs.\", true, false),", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void The_callback_delivery_table_follows_the_contract()
    {
        var yaml = new ContractYaml();
        var delivery = ContractYaml.At(yaml.Root, "paths", "/generateTask/gpt-image-2", "post", "callbacks", "taskCompleted", "{$request.body#/callback_url}", "post", "x-apixo-callback-delivery");
        ContractYaml.Set(delivery, "max-retries", "5");
        ContractYaml.Set(delivery, "first-retry-after-seconds", "60");
        ContractYaml.Set(delivery, "signed", "true");
        var run = new GeneratorHarness(yaml.ToString()).Run();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileDiagnostics());

        var table = run.Sources["GptImage2.CallbackDelivery.g.cs"];
        Assert.Contains("public static int MaxRetries { get; } = 5;", table, StringComparison.Ordinal);
        Assert.Contains("FirstRetryAfter { get; } = global::System.TimeSpan.FromSeconds(60);", table, StringComparison.Ordinal);
        Assert.Contains("ShortestRetrySpan { get; } = global::System.TimeSpan.FromSeconds(300);", table, StringComparison.Ordinal);
        Assert.Contains("public static bool Signed { get; } = true;", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rate_limit_table_follows_the_contract()
    {
        var yaml = new ContractYaml();
        var free = ContractYaml.At(yaml.Root, "x-apixo-rate-limits", "0");
        ContractYaml.Set(free, "requests-per-minute", "120");
        ContractYaml.Set(free, "concurrent-tasks", "custom");
        ContractYaml.Sequence(yaml.Root, "x-apixo-rate-limits").Children.Add(ContractYaml.Parse("{plan: team-plus, requests-per-minute: 300, concurrent-tasks: 25}"));
        var run = new GeneratorHarness(yaml.ToString()).Run();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileDiagnostics());

        var table = run.Sources["GptImage2.RateLimits.g.cs"];
        Assert.Contains("public static global::Apixo.Generated.RatePlan Free { get; } = new(\"free\", 120, null);", table, StringComparison.Ordinal);
        Assert.Contains("public static global::Apixo.Generated.RatePlan TeamPlus { get; } = new(\"team-plus\", 300, 25);", table, StringComparison.Ordinal);
        Assert.Contains("\"team-plus\" => TeamPlus,", table, StringComparison.Ordinal);
        Assert.Contains("= new global::Apixo.Generated.RatePlan[] { Free, Pro, Enterprise, TeamPlus };", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20000, 20000, true)]
    [InlineData(20000, 20001, false)]
    [InlineData(100, 100, true)]
    [InlineData(100, 101, false)]
    public void The_prompt_limit_follows_the_contract(int contractLimit, int promptLength, bool builds)
    {
        var yaml = new ContractYaml();
        var prompt = ContractYaml.At(yaml.Schema("GenerationInput"), "properties", "prompt");
        if (contractLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) != Assert.IsType<YamlDotNet.RepresentationModel.YamlScalarNode>(prompt["maxLength"]).Value)
        {
            ContractYaml.Set(prompt, "maxLength", contractLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var contract = yaml.ToString();
        var run = new GeneratorHarness(contract).Run();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileDiagnostics());

        var context = new AssemblyLoadContext("contract-limit", isCollectible: true);
        try
        {
            using var image = new MemoryStream();
            Assert.True(run.Output.Emit(image).Success);
            image.Position = 0;
            var assembly = context.LoadFromStream(image);

            var builder = assembly.GetType("Apixo.Generated.GptImage2")!.GetMethod("TextToImage")!.Invoke(null, [new string('a', promptLength)])!;
            var arguments = new object?[] { null, null };
            var built = (bool)builder.GetType().GetMethod("TryBuild")!.Invoke(builder, arguments)!;

            Assert.Equal(builds, built);
            if (!builds)
            {
                var error = Assert.Single(((System.Collections.IEnumerable)arguments[1]!).Cast<object>());
                Assert.Contains($"{contractLimit} characters", error.ToString(), StringComparison.Ordinal);
                Assert.Contains("maxLength", error.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}

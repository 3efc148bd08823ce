using Apixo.Generated;
using Apixo.Generated.Sandbox;
using Microsoft.Extensions.DependencyInjection;

// What another repository does with the packages: register the client, build a request, wait on the test kit.
await using var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 600 });

var services = new ServiceCollection();
services.AddSingleton(sandbox.Clock);
services.AddApixoClient(options =>
{
    options.ApiKey = "consumer-key";
    options.BaseAddress = sandbox.BaseUrl;
    options.Deadline = TimeSpan.FromDays(1); // sandbox time runs 600x: allow for real round trips
});
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<ApixoClient>();

var request = GptImage2.ImageToImage("a lighthouse, from a package", ["https://example.com/photo.png"])
    .WithAspectRatio(AspectRatio.Ratio4x3)
    .WithResolution(Resolution.Res1K)
    .Build();
var task = await client.GenerateAsync(request);

using var http = new HttpClient();
var png = await http.GetByteArrayAsync(task.ResultUrls[0]);
var isPng = png.Length > 24 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G';
var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
var height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
if (task.State != TaskState.Success || !isPng || (width, height) != (1024, 768))
{
    Console.Error.WriteLine($"Consumer FAILED: {task.State}, png={isPng}, {width}x{height}");
    return 1;
}

Console.WriteLine($"Consumer OK: {task.TaskId} {task.State}, {width}x{height} PNG, estimated {GptImage2Pricing.EstimateCost(request)} {GptImage2Pricing.Currency}, through packages from artifacts/.");
return 0;

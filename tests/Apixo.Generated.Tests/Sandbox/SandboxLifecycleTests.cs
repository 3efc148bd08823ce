using System.Net;
using Apixo.Generated.Sandbox;
using Apixo.Generated.Tests.Runtime;
using Apixo.Generated.Tests.TestSupport;

namespace Apixo.Generated.Tests.Sandbox;

/// <summary>Sandbox time: results that expire after 24 hours, and callbacks retried like APIXO's.</summary>
public sealed class SandboxLifecycleTests
{
    [Fact]
    public async Task Results_expire_after_24_hours_of_sandbox_time()
    {
        var clock = new JumpingClock(DateTimeOffset.UnixEpoch);
        await using var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Clock = clock });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");
        var submit = await http.PostAsync(sandbox.BaseUrl + "/generateTask/gpt-image-2", new StringContent("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"old"}}""", System.Text.Encoding.UTF8, "application/json"));
        var id = System.Text.Json.JsonDocument.Parse(await submit.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("taskId").GetString();
        var result = new Uri(sandbox.BaseUrl.GetLeftPart(UriPartial.Authority) + $"/results/{id}/0.png");

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(result)).StatusCode);
        clock.Pass(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(result)).StatusCode);
        clock.Pass(TimeSpan.FromHours(24));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(result)).StatusCode);
    }

    [Fact]
    public async Task A_callback_that_never_gets_200_is_sent_4_times_in_all()
    {
        await using var receiver = await LocalReceiver.StartAsync(_ => 500);
        await using var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 6000, AllowLoopbackCallbacks = true });
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = "k", BaseAddress = sandbox.BaseUrl, Deadline = TimeSpan.FromDays(1) }, sandbox.Clock);
        var request = GptImage2.TextToImage("never answered").WithCallback("https://localhost/placeholder").Build();
        request.CallbackUrl = receiver.Url;

        await client.SubmitAsync(request);
        for (var i = 0; i < 4; i++)
        {
            await receiver.NextAsync(TimeSpan.FromSeconds(20));
        }

        await Task.Delay(500);
        Assert.Equal(4, receiver.Calls);
    }

    [Fact]
    public async Task A_callback_is_retried_up_to_3_times_until_the_receiver_answers_200()
    {
        await using var receiver = await LocalReceiver.StartAsync(call => call < 3 ? 500 : 200);
        await using var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 3000, AllowLoopbackCallbacks = true });
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = "k", BaseAddress = sandbox.BaseUrl, Deadline = TimeSpan.FromDays(1) }, sandbox.Clock);
        var request = GptImage2.TextToImage("call me").WithCallback("https://localhost/placeholder").Build();
        request.CallbackUrl = receiver.Url;

        var id = await client.SubmitAsync(request);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(id, ApixoCallback.Parse(await receiver.NextAsync(TimeSpan.FromSeconds(20)), DateTimeOffset.UtcNow).TaskId);
        }

        await Task.Delay(300);
        Assert.Equal(3, receiver.Calls);
    }
}

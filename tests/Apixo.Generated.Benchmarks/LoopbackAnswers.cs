using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated.Benchmarks;

/// <summary>What the loopback server of the client benchmarks answers: an accepted submit and a finished task.</summary>
internal static class LoopbackAnswers
{
    public const string Accepted = """{"code":200,"message":"success","data":{"taskId":"task_bench"}}""";

    public const string Done = """{"code":200,"message":"success","data":{"taskId":"task_bench","state":"success","resultJson":"{\"resultUrls\":[\"https://cdn.example.com/0.png\"]}","createTime":1767225600000,"completeTime":1767225660000,"costTime":60000}}""";

    /// <summary>Starts the loopback server on a free port; <c>Root</c> is its address, without the API's <c>/api/v1</c>.</summary>
    public static (WebApplication Server, string Root) Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = builder.Build();
        server.MapPost("/api/v1/generateTask/gpt-image-2", (HttpContext c) => c.Response.WriteAsync(Accepted));
        server.MapGet("/api/v1/statusTask/gpt-image-2", (HttpContext c) => c.Response.WriteAsync(Done));
        server.StartAsync().GetAwaiter().GetResult();
        return (server, server.Urls.First());
    }
}

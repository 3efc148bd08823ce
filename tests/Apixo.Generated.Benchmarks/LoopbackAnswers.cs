using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// The loopback server of the client benchmarks: an accepted submit and a finished task. It runs in a process of its own,
/// on the machine's last core, while the benchmark runs on the others (<see cref="LoopbackConfig"/>): in one process, the
/// server's threads and collections took turns with the client being measured and made the times swing from run to run
/// by more than the gap the benchmark looks for.
/// </summary>
internal static class LoopbackAnswers
{
    public const string Accepted = """{"code":200,"message":"success","data":{"taskId":"task_bench"}}""";

    public const string Done = """{"code":200,"message":"success","data":{"taskId":"task_bench","state":"success","resultJson":"{\"resultUrls\":[\"https://cdn.example.com/0.png\"]}","createTime":1767225600000,"completeTime":1767225660000,"costTime":60000}}""";

    /// <summary>Where the benchmark process finds the server its parent started (<see cref="StartOutOfProcess"/>).</summary>
    public const string AddressVariable = "APIXO_BENCH_LOOPBACK";

    /// <summary>The server's root (without the API's <c>/api/v1</c>): the parent's out-of-process one, else one started here.</summary>
    public static string Root(out IAsyncDisposable? owned)
    {
        if (Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } root)
        {
            owned = null;
            return root;
        }

        var server = Start();
        owned = server;
        return server.Urls.First();
    }

    /// <summary>Starts the server in this process on a free port.</summary>
    public static WebApplication Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = builder.Build();
        server.MapPost("/api/v1/generateTask/gpt-image-2", (HttpContext c) => c.Response.WriteAsync(Accepted));
        server.MapGet("/api/v1/statusTask/gpt-image-2", (HttpContext c) => c.Response.WriteAsync(Done));
        server.StartAsync().GetAwaiter().GetResult();
        return server;
    }

    /// <summary><c>-- loopback-serve</c>: the server alone, its address on the first line of standard output, until standard input closes.</summary>
    public static async Task ServeAsync()
    {
        await using var server = Start();
        Console.WriteLine(server.Urls.First());
        await Console.In.ReadToEndAsync();
        await server.StopAsync();
    }

    /// <summary>
    /// Starts this program with <c>loopback-serve</c>, pinned to the last core when there are two or more, and publishes its
    /// address in <see cref="AddressVariable"/> for the benchmark processes to come. Disposing it stops the server.
    /// </summary>
    public static Process StartOutOfProcess()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals(typeof(LoopbackAnswers).Assembly.GetName().Name, StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(LoopbackAnswers).Assembly.Location);
        }

        start.ArgumentList.Add("loopback-serve");
        var process = Process.Start(start)!;
        if (LoopbackConfig.ServerCores is { } cores)
        {
            process.ProcessorAffinity = cores;
        }

        var root = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The loopback server did not start.");
        Environment.SetEnvironmentVariable(AddressVariable, root);
        Console.WriteLine($"// Loopback server: {root}, process {process.Id}, cores {(LoopbackConfig.ServerCores is { } c ? $"0x{c:x}" : "any")}; benchmark processes on cores {(LoopbackConfig.BenchmarkCores is { } b ? $"0x{b:x}" : "any")}.");
        return process;
    }

    /// <summary>Stops the server <see cref="StartOutOfProcess"/> started.</summary>
    public static void Stop(Process server)
    {
        server.StandardInput.Close();
        if (!server.WaitForExit(10_000))
        {
            server.Kill();
        }

        server.Dispose();
        Environment.SetEnvironmentVariable(AddressVariable, null);
    }
}

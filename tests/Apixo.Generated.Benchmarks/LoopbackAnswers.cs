using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// The loopback server of the client benchmarks: an accepted submit and a finished task. It runs in a process of its own
/// (<see cref="StartOutOfProcess"/>): in the benchmark's process, its allocations were counted as the client's (about
/// 1.5 KB per submit + status, the same for every client, which made every allocation ratio look smaller), and its
/// collections paused the client being measured.
/// </summary>
internal static class LoopbackAnswers
{
    public const string Accepted = """{"code":200,"message":"success","data":{"taskId":"task_bench"}}""";

    public const string Done = """{"code":200,"message":"success","data":{"taskId":"task_bench","state":"success","resultJson":"{\"resultUrls\":[\"https://cdn.example.com/0.png\"]}","createTime":1767225600000,"completeTime":1767225660000,"costTime":60000}}""";

    /// <summary>Where the benchmark process finds the server its parent started (<see cref="StartOutOfProcess"/>).</summary>
    public const string AddressVariable = "APIXO_BENCH_LOOPBACK";

    /// <summary><see cref="AddressVariable"/>'s value for a server in the benchmark's own process (as before the server moved out).</summary>
    public const string InProcess = "in-process";

    /// <summary>The server's process id, beside <see cref="AddressVariable"/>.</summary>
    public const string ProcessVariable = "APIXO_BENCH_LOOPBACK_PID";

    /// <summary>The server's root (without the API's <c>/api/v1</c>): the parent's out-of-process one, else one started here.</summary>
    public static string Root(out IAsyncDisposable? owned)
    {
        if (Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } root && root != InProcess)
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
    /// Starts this program with <c>loopback-serve</c> and publishes its address in <see cref="AddressVariable"/> for the
    /// benchmark processes to come (they inherit the environment); <see cref="Stop"/> stops it.
    /// </summary>
    public static Process StartOutOfProcess()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Under the dotnet host (`dotnet x.dll`) the program is an argument; as its own executable (`dotnet run`) it is not.
        if (Path.GetFileName(Environment.ProcessPath!) is "dotnet" or "dotnet.exe")
        {
            start.ArgumentList.Add(typeof(LoopbackAnswers).Assembly.Location);
        }

        start.ArgumentList.Add("loopback-serve");
        var process = Process.Start(start)!;

        var root = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The loopback server did not start.");
        Environment.SetEnvironmentVariable(AddressVariable, root);
        Environment.SetEnvironmentVariable(ProcessVariable, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine($"// Loopback server: {root}, process {process.Id}.");
        return process;
    }

    /// <summary>The out-of-process server's process (for its CPU time), when this process's parent started one.</summary>
    public static Process? ServerProcess() =>
        Environment.GetEnvironmentVariable(ProcessVariable) is { } id ? Process.GetProcessById(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)) : null;

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
        Environment.SetEnvironmentVariable(ProcessVariable, null);
    }
}

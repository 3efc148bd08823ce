namespace Apixo.Generated.Benchmarks;

/// <summary>What the loopback server of the client benchmarks answers: an accepted submit and a finished task.</summary>
internal static class LoopbackAnswers
{
    public const string Accepted = """{"code":200,"message":"success","data":{"taskId":"task_bench"}}""";

    public const string Done = """{"code":200,"message":"success","data":{"taskId":"task_bench","state":"success","resultJson":"{\"resultUrls\":[\"https://cdn.example.com/0.png\"]}","createTime":1767225600000,"completeTime":1767225660000,"costTime":60000}}""";
}

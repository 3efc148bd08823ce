using System.Text.Json;
using Apixo.Generated.Sandbox.Contract;
using BenchmarkDotNet.Attributes;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// The sandbox's JSON Schema check of one submit body (JsonSchema.Net, lengths in code points), a valid body and
/// one that breaks four rules, beside parsing the same body alone, in one run: what the check adds to a request.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class SandboxSchemaBenchmarks
{
    private const string Valid = """{"request_type":"callback","callback_url":"https://h.example.com/x","input":{"mode":"image-to-image","prompt":"p","image_urls":["https://e.com/a.png"],"aspect_ratio":"16:9","resolution":"2k"}}""";
    private const string Invalid = """{"request_type":"callback","input":{"mode":"image-to-image","prompt":"","image_urls":[],"extra":1}}""";

    private SubmitSchema _schema = null!;

    [GlobalSetup]
    public void Setup() => _schema = SandboxContract.Load(null).SubmitSchema;

    [Benchmark(Baseline = true)]
    public int ParseOnly()
    {
        using var body = JsonDocument.Parse(Valid);
        return body.RootElement.GetRawText().Length;
    }

    [Benchmark]
    public int ParseAndCheckValid()
    {
        using var body = JsonDocument.Parse(Valid);
        return _schema.Check(body.RootElement).Count;
    }

    [Benchmark]
    public int ParseAndCheckInvalid()
    {
        using var body = JsonDocument.Parse(Invalid);
        return _schema.Check(body.RootElement).Count;
    }
}

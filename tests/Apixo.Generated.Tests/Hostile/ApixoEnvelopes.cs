using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Apixo.Generated.Tests.Hostile;

/// <summary>
/// The contract's JSON envelopes (<c>{"code","message","data"}</c>), built with any content a test wants to
/// aim at a client: crafted task ids, URLs, fail messages with control characters. Strings are JSON-escaped,
/// so what the client decodes is exactly the string given here.
/// </summary>
internal static class ApixoEnvelopes
{
    /// <summary>The answer to an accepted submit (GenerateTaskResponse).</summary>
    public static string Submitted(string taskId, int code = 200, string message = "success") =>
        Envelope(code, message, new JsonObject { ["taskId"] = taskId });

    /// <summary>A status answer in state pending.</summary>
    public static string Pending(string taskId) => Status(taskId, "pending");

    /// <summary>A status answer in state processing.</summary>
    public static string Processing(string taskId, long createTime = 1767225600000) => Status(taskId, "processing", createTime: createTime);

    /// <summary>A succeeded task whose resultJson is <c>{"resultUrls":[...]}</c> with <paramref name="resultUrls"/> as given.</summary>
    public static string Success(string taskId, params string[] resultUrls) =>
        SuccessWithResultJson(taskId, new JsonObject { ["resultUrls"] = new JsonArray(resultUrls.Select(url => (JsonNode?)JsonValue.Create(url)).ToArray()) }.ToJsonString());

    /// <summary>A succeeded task with <paramref name="resultJson"/> as its resultJson string, whatever it holds (broken JSON, nested objects).</summary>
    public static string SuccessWithResultJson(string taskId, string resultJson, long createTime = 1767225600000, long completeTime = 1767225665000, long costTime = 65000) =>
        Status(taskId, "success", resultJson: resultJson, createTime: createTime, completeTime: completeTime, costTime: costTime);

    /// <summary>A failed task (HTTP 200, code 200, state failed), as the contract's StatusFailed.</summary>
    public static string Failed(string taskId, string failCode, string failMsg, long createTime = 1767225600000, long completeTime = 1767225612000) =>
        Status(taskId, "failed", failCode: failCode, failMsg: failMsg, createTime: createTime, completeTime: completeTime);

    /// <summary>Any status answer; <paramref name="state"/> is written as given, so an unknown state is possible too.</summary>
    public static string Status(
        string taskId,
        string state,
        string? resultJson = null,
        string? failCode = null,
        string? failMsg = null,
        long? createTime = null,
        long? completeTime = null,
        long? costTime = null,
        int code = 200,
        string message = "success")
    {
        var data = new JsonObject { ["taskId"] = taskId, ["state"] = state };
        Add(data, "resultJson", resultJson);
        Add(data, "failCode", failCode);
        Add(data, "failMsg", failMsg);
        Add(data, "createTime", createTime);
        Add(data, "completeTime", completeTime);
        Add(data, "costTime", costTime);
        return Envelope(code, message, data);
    }

    /// <summary>The balance answer; the amount is written as a JSON number.</summary>
    public static string Balance(decimal amount) =>
        $$"""{"code":200,"message":"success","data":{{amount.ToString(CultureInfo.InvariantCulture)}}}""";

    /// <summary>The error envelope (ErrorResponse); <paramref name="dataJson"/> is raw JSON (null, an object, anything).</summary>
    public static string Error(int code, string message, string dataJson = "null") =>
        $$"""{"code":{{code.ToString(CultureInfo.InvariantCulture)}},"message":{{JsonSerializer.Serialize(message)}},"data":{{dataJson}}}""";

    private static string Envelope(int code, string message, JsonNode data) =>
        new JsonObject { ["code"] = code, ["message"] = message, ["data"] = data }.ToJsonString();

    private static void Add(JsonObject data, string name, string? value)
    {
        if (value is not null)
        {
            data[name] = value;
        }
    }

    private static void Add(JsonObject data, string name, long? value)
    {
        if (value is { } number)
        {
            data[name] = number;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Apixo.Generated.Tests.TestSupport;

internal static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Asserts that two JSON texts are the same JSON value. Member order and spacing do not count, and a member
    /// whose value is null is the same as a missing one: optional fields of the contract are nullable and
    /// omitted when null, so <c>"data": null</c> and no <c>data</c> say the same thing.
    /// </summary>
    public static void SemanticallyEqual(string expected, string actual)
    {
        var expectedNode = WithoutNullMembers(JsonNode.Parse(expected));
        var actualNode = WithoutNullMembers(JsonNode.Parse(actual));
        if (!JsonNode.DeepEquals(expectedNode, actualNode))
        {
            Assert.Fail($"JSON differs.\nExpected:\n{expectedNode?.ToJsonString(Indented)}\nActual:\n{actualNode?.ToJsonString(Indented)}");
        }
    }

    private static JsonNode? WithoutNullMembers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Where(member => member.Value is null).Select(member => member.Key).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var member in obj)
                {
                    WithoutNullMembers(member.Value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutNullMembers(item);
                }

                break;
        }

        return node;
    }
}

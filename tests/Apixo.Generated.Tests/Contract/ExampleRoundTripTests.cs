using System.Text.Json;
using Apixo.Generated.Serialization;
using Apixo.Generated.Tests.TestSupport;

namespace Apixo.Generated.Tests.Contract;

/// <summary>
/// Every example of the contract goes through the generated type named by its schema and comes back as the
/// same JSON: nothing is lost, renamed, re-cased or defaulted on the way.
/// </summary>
public sealed class ExampleRoundTripTests
{
    public static TheoryData<string> ExampleIds() => new(ContractExamples.All().Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(ExampleIds))]
    public void Example_round_trips_through_its_generated_type(string exampleId)
    {
        var (schemaName, json) = ContractExamples.All()[exampleId];
        var type = typeof(GenerateTaskRequest).Assembly.GetType($"{typeof(GenerateTaskRequest).Namespace}.{schemaName}")
            ?? throw new InvalidOperationException($"No generated type for schema '{schemaName}'.");
        var typeInfo = ApixoJsonContext.Default.GetTypeInfo(type)
            ?? throw new InvalidOperationException($"ApixoJsonContext does not cover '{type.Name}'.");

        var value = JsonSerializer.Deserialize(json, typeInfo);
        Assert.NotNull(value);
        Assert.IsAssignableFrom(type, value);

        AssertNothingLandedInAdditionalProperties(value, exampleId);
        JsonAssert.SemanticallyEqual(json, JsonSerializer.Serialize(value, typeInfo));
    }

    // Every member of an example is a member of the contract: one that lands in the bag of unknown fields
    // means a property was renamed or lost on the way.
    private static void AssertNothingLandedInAdditionalProperties(object? value, string where)
    {
        if (value is null || value.GetType().Namespace != typeof(GenerateTaskRequest).Namespace || !value.GetType().IsClass)
        {
            return;
        }

        foreach (var property in value.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            var member = property.GetValue(value);
            if (property.Name == "AdditionalProperties")
            {
                if (member is IDictionary<string, JsonElement> unknown)
                {
                    Assert.Fail($"{where}: {value.GetType().Name} kept unknown fields: {string.Join(", ", unknown.Keys)}");
                }
            }
            else
            {
                AssertNothingLandedInAdditionalProperties(member, where);
            }
        }
    }

    [Fact]
    public void The_contract_has_the_examples_this_suite_expects()
    {
        // 3 submit bodies, 1 accepted, 4 status states, 1 balance, 2 webhook payloads, and one error example
        // for each documented error of each operation (10 + 9 + 7).
        Assert.Equal(3 + 1 + 4 + 1 + 2 + 10 + 9 + 7, ContractExamples.All().Count);
    }
}

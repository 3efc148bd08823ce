using System.Text.Json;
using Apixo.Generated.Serialization;
using Apixo.Generated.Tests.TestSupport;

namespace Apixo.Generated.Tests.Wire;

/// <summary>
/// Every enum value goes out, and comes in, as exactly the string of the contract. System.Text.Json ignores
/// [EnumMember], so this is what catches an enum that would send "_169" or "Ratio16x9".
/// </summary>
public sealed class EnumWireFormatTests
{
    // Written out by hand on purpose: when the contract changes a wire value, the generated enum follows
    // and the snapshot shows it, and this table fails until someone decides the old value is gone.
    [Theory]
    [InlineData(AspectRatio.Auto, "auto")]
    [InlineData(AspectRatio.Ratio1x1, "1:1")]
    [InlineData(AspectRatio.Ratio4x3, "4:3")]
    [InlineData(AspectRatio.Ratio3x4, "3:4")]
    [InlineData(AspectRatio.Ratio16x9, "16:9")]
    [InlineData(AspectRatio.Ratio9x16, "9:16")]
    [InlineData(Resolution.Res1K, "1k")]
    [InlineData(Resolution.Res2K, "2k")]
    [InlineData(Resolution.Res4K, "4k")]
    [InlineData(RequestType.Async, "async")]
    [InlineData(RequestType.Callback, "callback")]
    public void Member_has_its_documented_wire_value(Enum member, string wire)
    {
        var typeInfo = ApixoJsonContext.Default.GetTypeInfo(member.GetType())!;
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(member, typeInfo));
        Assert.Equal(member, JsonSerializer.Deserialize($"\"{wire}\"", typeInfo));
    }

    // TaskState is an open set (x-apixo-extensible): a struct whose known values are static members.
    public static TheoryData<string, string> TaskStates() => new()
    {
        { nameof(TaskState.Pending), "pending" },
        { nameof(TaskState.Processing), "processing" },
        { nameof(TaskState.Success), "success" },
        { nameof(TaskState.Failed), "failed" },
    };

    [Theory]
    [MemberData(nameof(TaskStates))]
    public void Task_state_has_its_documented_wire_value(string member, string wire)
    {
        var state = (TaskState)typeof(TaskState).GetProperty(member)!.GetValue(null)!;
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(state, ApixoJsonContext.Default.TaskState));
        Assert.Equal(state, JsonSerializer.Deserialize($"\"{wire}\"", ApixoJsonContext.Default.TaskState));
        Assert.True(state.IsKnown);
    }

    [Theory]
    [InlineData("canceled")]
    [InlineData("PENDING")]
    [InlineData("")]
    public void A_task_state_the_contract_does_not_name_is_kept_not_refused(string wire)
    {
        var state = JsonSerializer.Deserialize($"\"{wire}\"", ApixoJsonContext.Default.TaskState);

        Assert.Equal(wire, state.Value);
        Assert.False(state.IsKnown);
        Assert.False(TaskStateValues.IsTerminal(state));
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(state, ApixoJsonContext.Default.TaskState));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("4", ApixoJsonContext.Default.TaskState));
    }

    [Fact]
    public void The_contract_says_which_states_end_a_task_and_which_succeed()
    {
        Assert.Equal(["success", "failed"], ContractDocument.StringArrayExtension(ContractDocument.Schema("TaskState"), "x-apixo-terminal-states"));
        Assert.Equal([TaskState.Success, TaskState.Failed], TaskStateValues.All.Where(TaskStateValues.IsTerminal));
        Assert.Equal([TaskState.Success], TaskStateValues.All.Where(TaskStateValues.IsSuccess));
    }

    public static TheoryData<string> ContractEnums() => new("AspectRatio", "Resolution", "RequestType");

    [Theory]
    [MemberData(nameof(ContractEnums))]
    public void Generated_enum_matches_the_contract_value_for_value(string schemaName)
    {
        var schema = ContractDocument.Schema(schemaName);
        var values = ContractDocument.EnumValues(schema);
        var names = ContractDocument.StringArrayExtension(schema, "x-enumNames");
        var type = typeof(AspectRatio).Assembly.GetType($"{typeof(AspectRatio).Namespace}.{schemaName}")!;
        var typeInfo = ApixoJsonContext.Default.GetTypeInfo(type)!;

        Assert.Equal(names, Enum.GetNames(type));
        for (var i = 0; i < values.Count; i++)
        {
            var member = Enum.Parse(type, names[i]);
            Assert.Equal($"\"{values[i]}\"", JsonSerializer.Serialize(member, typeInfo));
            Assert.Equal(member, JsonSerializer.Deserialize($"\"{values[i]}\"", typeInfo));
        }
    }

    [Theory]
    [InlineData("\"_169\"")]
    [InlineData("\"Ratio16x9\"")]
    [InlineData("\"16x9\"")]
    [InlineData("4")]
    [InlineData("\"auto, 1:1\"")]
    [InlineData("\" auto\"")]
    [InlineData("\"auto \"")]
    [InlineData("\"AUTO\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void A_value_outside_the_contract_does_not_parse(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ApixoJsonContext.Default.AspectRatio));
    }

    [Fact]
    public void Enum_values_are_case_sensitive_on_the_wire()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("\"2K\"", ApixoJsonContext.Default.Resolution));
    }
}

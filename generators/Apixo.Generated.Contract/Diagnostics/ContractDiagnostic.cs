using System.Globalization;
using Apixo.Generated.Contract.Model;

namespace Apixo.Generated.Contract.Diagnostics;

/// <summary>
/// What a contract diagnostic is: its id, title and message format. Plain data, so that the contract reader
/// stays free of Roslyn; the generator turns each into a Roslyn <c>DiagnosticDescriptor</c>, and
/// <c>apixo contract lint</c> prints it as it is. Every diagnostic is an error.
/// </summary>
/// <param name="Id">The id (APX001…), stable: a build log or a suppression names it.</param>
/// <param name="Title">One line that names the kind of problem.</param>
/// <param name="MessageFormat">A composite format string; its arguments are the diagnostic's.</param>
internal sealed record ContractDiagnostic(string Id, string Title, string MessageFormat)
{
    /// <summary>The message with its arguments in place.</summary>
    public string Format(EquatableArray<string> args) =>
        string.Format(CultureInfo.InvariantCulture, MessageFormat, System.Linq.Enumerable.ToArray<object>(args));
}

/// <summary>Every diagnostic the contract reader and the generator report.</summary>
internal static class ContractDiagnostics
{
    public static readonly ContractDiagnostic ContractNotFound = new(
        "APX001",
        "No Apixo contract",
        "No AdditionalFiles item is marked as the Apixo contract; add <AdditionalFiles Include=\"openapi/gpt-image-2.yaml\" ApixoContract=\"true\" />");

    public static readonly ContractDiagnostic YamlSyntaxError = new(
        "APX002",
        "The contract is not valid YAML",
        "The contract is not valid YAML: {0}");

    public static readonly ContractDiagnostic UnknownMode = new(
        "APX003",
        "Unknown mode",
        "Mode '{0}' of x-apixo-modes {1}");

    public static readonly ContractDiagnostic UnsupportedConstraint = new(
        "APX004",
        "Constraint the builders cannot enforce",
        "{0}: {1}");

    public static readonly ContractDiagnostic InvalidName = new(
        "APX005",
        "Duplicate, missing or invalid C# name",
        "{0}");

    public static readonly ContractDiagnostic IncompleteContract = new(
        "APX006",
        "The contract lacks a part the generator needs",
        "{0}");

    public static readonly ContractDiagnostic MultipleContracts = new(
        "APX007",
        "More than one Apixo contract",
        "More than one AdditionalFiles item is marked as the Apixo contract: {0}");

    public static readonly ContractDiagnostic GeneratorFailure = new(
        "APX008",
        "The Apixo generator failed",
        "The Apixo generator failed and generated nothing: {0}");

    /// <summary>All of them, in id order.</summary>
    public static readonly EquatableArray<ContractDiagnostic> All = new[]
    {
        ContractNotFound, YamlSyntaxError, UnknownMode, UnsupportedConstraint, InvalidName, IncompleteContract, MultipleContracts, GeneratorFailure,
    }.ToEquatableArray();
}

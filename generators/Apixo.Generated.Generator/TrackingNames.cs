namespace Apixo.Generated.Generator;

/// <summary>Names of the pipeline steps, for the incrementality tests.</summary>
internal static class TrackingNames
{
    public const string ContractText = nameof(ContractText);
    public const string ContractSelection = nameof(ContractSelection);
    public const string Parse = nameof(Parse);
    public const string Namespace = nameof(Namespace);
    public const string Plan = nameof(Plan);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Units = nameof(Units);
}

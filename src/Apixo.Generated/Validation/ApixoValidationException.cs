namespace Apixo.Generated;

/// <summary>A request built from a builder breaks one or more rules of the contract. Nothing was sent.</summary>
public sealed class ApixoValidationException : ArgumentException
{
    /// <summary>Creates the exception from every broken rule.</summary>
    public ApixoValidationException(IReadOnlyList<ApixoValidationError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every broken rule, in the order of the request's fields.</summary>
    public IReadOnlyList<ApixoValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<ApixoValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var lines = errors.Select(error => "  - " + error.Message);
        return $"The request breaks {errors.Count} rule(s) of the contract; nothing was sent:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}

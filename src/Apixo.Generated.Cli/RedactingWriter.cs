using System.Text;

namespace Apixo.Generated.Cli;

/// <summary>Writes through to <paramref name="inner"/> with every secret replaced by <c>***</c>: the key is never printed, even by a parser echoing a mistyped option.</summary>
internal sealed class RedactingWriter(TextWriter inner, IReadOnlyCollection<string> secrets) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(Redact(value));

    public override void WriteLine(string? value) => inner.WriteLine(Redact(value));

    public override void Flush() => inner.Flush();

    private string? Redact(string? value)
    {
        if (value is null)
        {
            return null;
        }

        foreach (var secret in secrets)
        {
            value = value.Replace(secret, "***", StringComparison.Ordinal);
        }

        return value;
    }

    /// <summary>The keys a command line and its environment carry.</summary>
    public static IReadOnlyCollection<string> SecretsOf(string[] args, Func<string, string?> environment)
    {
        var secrets = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--api-key=", StringComparison.Ordinal))
            {
                secrets.Add(args[i]["--api-key=".Length..]);
            }
            else if (args[i].StartsWith("--api", StringComparison.OrdinalIgnoreCase) && i + 1 < args.Length)
            {
                secrets.Add(args[i + 1]);
            }
        }

        if (environment(ApixoClientOptions.ApiKeyEnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            secrets.Add(fromEnvironment);
        }

        return secrets.Where(secret => secret.Length >= 4).Distinct().ToList();
    }
}

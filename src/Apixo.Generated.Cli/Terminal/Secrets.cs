using System.Text.Encodings.Web;
using System.Text.Json;

namespace Apixo.Generated.Cli;

/// <summary>
/// The API keys a command line and its environment may carry, whatever the user mistyped, and every form in
/// which they could be printed (as typed, and as a JSON encoder writes them).
/// </summary>
internal sealed class Secrets
{
    /// <summary>Shorter tokens are not masked: masking "ab" everywhere would garble the output and hide nothing.</summary>
    private const int MinLength = 4;

    private static readonly char[] Dashes = ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe63', '\uff0d'];

    /// <summary>A cut-off key is masked when at least this much of it stands before the cut.</summary>
    private const int MinPrefix = 8;

    private readonly Lock _gate = new();
    private readonly List<string> _secrets = [];
    private string[] _forms = [];

    private Secrets(IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            Add(secret);
        }
    }

    /// <summary>Masks <paramref name="secret"/> too from now on: a token the parser could not place may be a key typed bare.</summary>
    public void Add(string secret)
    {
        if (secret.Length < MinLength)
        {
            return;
        }

        lock (_gate)
        {
            _secrets.Add(secret);
            // Longest first, so that a key is masked whole before a shorter key inside it.
            _forms = _secrets.SelectMany(FormsOf).Distinct(StringComparer.Ordinal).OrderByDescending(form => form.Length).ToArray();
        }
    }

    /// <summary>Whether <paramref name="text"/> holds eight characters in a row of a key, in any case: then it must not name a file.</summary>
    public bool Overlaps(string text)
    {
        foreach (var form in Volatile.Read(ref _forms))
        {
            for (var start = 0; start + MinPrefix <= form.Length; start++)
            {
                if (text.Contains(form.AsSpan(start, MinPrefix), StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The keys in <paramref name="args"/> and the environment: the value of any option that looks like a key option, typed with any dash, and any token shaped like a key.</summary>
    public static Secrets Of(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var found = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (LooksLikeKey(token))
            {
                found.Add(token);
            }

            if (!IsKeyOption(token, out var inlineValue))
            {
                continue;
            }

            if (inlineValue is not null)
            {
                found.Add(inlineValue);
            }
            else if (i + 1 < args.Count && !StartsWithDash(args[i + 1]))
            {
                found.Add(args[i + 1]);
            }
        }

        if (environment(ApixoClientOptions.ApiKeyEnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            found.Add(fromEnvironment);
        }

        return new Secrets(found.Select(secret => secret.Trim()));
    }

    /// <summary><paramref name="value"/> with every form of every key replaced by <c>***</c>.</summary>
    public string Redact(string value)
    {
        var forms = Volatile.Read(ref _forms);
        foreach (var form in forms)
        {
            if (value.Contains(form, StringComparison.Ordinal))
            {
                value = value.Replace(form, "***", StringComparison.Ordinal);
            }
        }

        // A server string cut short ("…") may end in the first part of a key: that part is masked too.
        return value.Contains('…', StringComparison.Ordinal) ? RedactCutOff(value, forms) : value;
    }

    private static string RedactCutOff(string value, string[] forms)
    {
        for (var cut = value.IndexOf('…', StringComparison.Ordinal); cut >= 0; cut = value.IndexOf('…', cut + 1))
        {
            foreach (var form in forms)
            {
                for (var length = Math.Min(form.Length - 1, cut); length >= MinPrefix; length--)
                {
                    if (value.AsSpan(cut - length, length).SequenceEqual(form.AsSpan(0, length)))
                    {
                        value = string.Concat(value.AsSpan(0, cut - length), "***", value.AsSpan(cut));
                        cut = cut - length + 3;
                        break;
                    }
                }
            }
        }

        return value;
    }

    // "--api-key", "-k", "--key", "—api-key", "--API_KEY", "--apikey=…", "--token:…": any dash, any spelling close to a key option.
    private static bool IsKeyOption(string token, out string? inlineValue)
    {
        inlineValue = null;
        if (!StartsWithDash(token))
        {
            return false;
        }

        var name = token.TrimStart(Dashes);
        var separator = name.IndexOfAny(['=', ':']);
        if (separator >= 0)
        {
            inlineValue = name[(separator + 1)..];
            name = name[..separator];
        }

        var letters = new string(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        var isKey = letters == "k"
            || letters.Contains("key", StringComparison.Ordinal)
            || letters.StartsWith("api", StringComparison.Ordinal)
            || letters.StartsWith("auth", StringComparison.Ordinal)
            || letters.Contains("token", StringComparison.Ordinal)
            || letters.Contains("secret", StringComparison.Ordinal)
            || letters.Contains("bearer", StringComparison.Ordinal);
        if (!isKey)
        {
            inlineValue = null;
        }

        return isKey && (inlineValue is null || inlineValue.Length > 0);
    }

    // Key shapes in use: "sk-…", "sk_…", "Bearer …" pasted whole.
    private static bool LooksLikeKey(string token) =>
        token.Length >= 8 && (token.StartsWith("sk-", StringComparison.OrdinalIgnoreCase) || token.StartsWith("sk_", StringComparison.OrdinalIgnoreCase) || token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase));

    private static bool StartsWithDash(string token) => token.Length > 0 && Array.IndexOf(Dashes, token[0]) >= 0;

    private static IEnumerable<string> FormsOf(string secret)
    {
        yield return secret;
        // Utf8JsonWriter escapes + & < > ' and non-ASCII by default; the relaxed encoder escapes less.
        yield return JsonEncodedText.Encode(secret).Value;
        yield return JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
        // In a URL's query, as a server that echoes the key in a link would write it, in either case of hex.
        var escaped = Uri.EscapeDataString(secret);
        yield return escaped;
        yield return System.Text.RegularExpressions.Regex.Replace(escaped, "%[0-9A-F]{2}", match => match.Value.ToLowerInvariant());
        if (secret.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && secret.Length > 7 + MinLength)
        {
            yield return secret[7..];
        }
    }
}

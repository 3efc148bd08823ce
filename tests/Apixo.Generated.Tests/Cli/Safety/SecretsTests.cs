using System.Text.Json;
using Apixo.Generated.Cli;

namespace Apixo.Generated.Tests.Cli.Safety;

/// <summary>Every spelling of a key option on the command line, and the key from the environment, are masked in every form.</summary>
public sealed class SecretsTests
{
    private const string Key = "sk-live+KEY&<>'42";

    [Theory]
    [InlineData("--api-key", Key)]
    [InlineData("--key", Key)]
    [InlineData("-k", Key)]
    [InlineData("—api-key", Key)] // em dash
    [InlineData("–api-key", Key)] // en dash
    [InlineData("--API_KEY", Key)]
    [InlineData("--apikey", Key)]
    [InlineData("--token", Key)]
    [InlineData("--auth", Key)]
    [InlineData("--api-key=" + Key, null)]
    [InlineData("--key:" + Key, null)]
    [InlineData("—key=" + Key, null)]
    [InlineData("--prompt", "sk-looks-like-a-key")]
    public void A_mistyped_key_option_still_marks_its_value_secret(string option, string? value)
    {
        string[] args = value is null ? ["balance", option] : ["balance", option, value];
        var secrets = Secrets.Of(args, _ => null);
        var key = value ?? Key;

        Assert.DoesNotContain(key, secrets.Redact($"error: '{key}' is not a command"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_is_masked_in_its_JSON_encoded_forms_too()
    {
        var secrets = Secrets.Of([], name => name == "APIXO_API_KEY" ? Key : null);
        var encoded = JsonSerializer.Serialize(new { error = "bad key " + Key });

        Assert.NotEqual(-1, encoded.IndexOf("\\u002B", StringComparison.Ordinal));
        var redacted = secrets.Redact(encoded);
        Assert.DoesNotContain("KEY", redacted, StringComparison.Ordinal);
        Assert.Contains("***", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_options_are_not_secrets()
    {
        var secrets = Secrets.Of(["generate", "a cat", "--resolution", "2k", "--out", "./images", "--base-url", "http://127.0.0.1:5000"], _ => null);

        Assert.Equal("a cat 2k ./images http://127.0.0.1:5000", secrets.Redact("a cat 2k ./images http://127.0.0.1:5000"));
    }

    [Fact]
    public void A_key_written_a_character_at_a_time_is_still_masked()
    {
        var inner = new StringWriter();
        var writer = new SafeWriter(inner, Secrets.Of(["--api-key", Key], _ => null));
        foreach (var c in "key: " + Key + "\n")
        {
            writer.Write(c);
        }

        writer.Flush();
        Assert.Equal("key: ***\n", inner.ToString());
    }
}

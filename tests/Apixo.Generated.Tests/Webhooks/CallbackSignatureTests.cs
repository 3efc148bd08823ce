using System.Text.Json;
using Apixo.Generated.Tests.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Apixo.Generated.Tests.Webhooks;

/// <summary>Signed callback URLs: the token, its checks, key rotation, and the client that appends it.</summary>
public sealed class CallbackSignatureTests
{
    private const string Key = "current-key-0123456789abcdefghijklmnop";
    private const string OldKey = "previous-key-0123456789abcdefghijklmno";
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private ApixoCallbackSignatureStatus Verify(Uri signed, string key = Key, string? previous = null, DateTimeOffset? at = null) =>
        ApixoCallbackSignature.Verify(signed.AbsolutePath, signed.Query, key, previous, MaxAge, at ?? _time.GetUtcNow());

    [Fact]
    public void A_signed_url_keeps_its_query_and_verifies_under_its_key_only()
    {
        var signed = ApixoCallbackSignature.Sign(new Uri("https://hooks.example.com/apixo?tenant=7"), Key, _time);

        Assert.StartsWith("https://hooks.example.com/apixo?tenant=7&apixo_sig=v1.", signed.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(ApixoCallbackSignatureStatus.Valid, Verify(signed));
        Assert.Equal(ApixoCallbackSignatureStatus.Invalid, Verify(signed, key: OldKey));
    }

    [Fact]
    public void Each_signature_has_its_own_nonce()
    {
        var url = new Uri("https://hooks.example.com/apixo");

        Assert.NotEqual(ApixoCallbackSignature.Sign(url, Key, _time), ApixoCallbackSignature.Sign(url, Key, _time));
    }

    [Fact]
    public void During_a_rotation_a_url_signed_with_the_previous_key_is_accepted_and_after_it_not()
    {
        var signedBefore = ApixoCallbackSignature.Sign(new Uri("https://hooks.example.com/apixo"), OldKey, _time);

        Assert.Equal(ApixoCallbackSignatureStatus.Valid, Verify(signedBefore, key: Key, previous: OldKey));
        Assert.Equal(ApixoCallbackSignatureStatus.Invalid, Verify(signedBefore, key: Key, previous: null));
    }

    [Fact]
    public void A_token_is_tied_to_the_path_and_query_it_was_issued_for()
    {
        var signed = ApixoCallbackSignature.Sign(new Uri("https://hooks.example.com/apixo?tenant=7"), Key, _time);
        var token = signed.Query[(signed.Query.IndexOf("apixo_sig=", StringComparison.Ordinal) + "apixo_sig=".Length)..];

        Assert.Equal(ApixoCallbackSignatureStatus.Invalid, ApixoCallbackSignature.Verify("/other", signed.Query, Key, null, MaxAge, _time.GetUtcNow()));
        Assert.Equal(ApixoCallbackSignatureStatus.Invalid, ApixoCallbackSignature.Verify("/apixo", "?tenant=8&apixo_sig=" + token, Key, null, MaxAge, _time.GetUtcNow()));
        // Host and scheme are not covered: a proxy in front of the receiver changes them.
        Assert.Equal(ApixoCallbackSignatureStatus.Valid, ApixoCallbackSignature.Verify("/apixo", "tenant=7&apixo_sig=" + token, Key, null, MaxAge, _time.GetUtcNow()));
    }

    [Fact]
    public void A_token_older_than_the_maximum_age_or_from_the_future_is_refused()
    {
        var signed = ApixoCallbackSignature.Sign(new Uri("https://hooks.example.com/apixo"), Key, _time);

        Assert.Equal(ApixoCallbackSignatureStatus.Valid, Verify(signed, at: _time.GetUtcNow() + MaxAge));
        Assert.Equal(ApixoCallbackSignatureStatus.Expired, Verify(signed, at: _time.GetUtcNow() + MaxAge + TimeSpan.FromSeconds(1)));
        Assert.Equal(ApixoCallbackSignatureStatus.Invalid, Verify(signed, at: _time.GetUtcNow() - TimeSpan.FromHours(1)));
    }

    [Theory]
    [InlineData("", ApixoCallbackSignatureStatus.Missing)]
    [InlineData("?tenant=7", ApixoCallbackSignatureStatus.Missing)]
    [InlineData("?apixo_sig=", ApixoCallbackSignatureStatus.Malformed)]
    [InlineData("?apixo_sig=v2.1767268800.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ApixoCallbackSignatureStatus.Malformed)]
    [InlineData("?apixo_sig=v1.1767268800.AAAA.AAAA", ApixoCallbackSignatureStatus.Malformed)]
    [InlineData("?apixo_sig=v1.1767268800.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ApixoCallbackSignatureStatus.Invalid)]
    [InlineData("?apixo_sig=v1.1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&apixo_sig=x", ApixoCallbackSignatureStatus.Malformed)]
    public void A_missing_or_forged_token_is_refused(string query, ApixoCallbackSignatureStatus expected)
    {
        Assert.Equal(expected, ApixoCallbackSignature.Verify("/apixo", query, Key, OldKey, MaxAge, _time.GetUtcNow()));
    }

    [Fact]
    public void Signing_again_replaces_the_token()
    {
        var once = ApixoCallbackSignature.Sign(new Uri("https://hooks.example.com/apixo"), OldKey, _time);
        var twice = ApixoCallbackSignature.Sign(once, Key, _time);

        Assert.Single(twice.Query.Split('&'), part => part.Contains("apixo_sig=", StringComparison.Ordinal));
        Assert.Equal(ApixoCallbackSignatureStatus.Valid, Verify(twice));
    }

    [Fact]
    public void A_short_key_is_refused_without_showing_it()
    {
        var error = Assert.Throws<ArgumentException>(() => ApixoCallbackSignature.Sign(new Uri("https://hooks.example.com/apixo"), "short-secret-key"));

        Assert.DoesNotContain("short-secret-key", error.Message, StringComparison.Ordinal);
        var failures = new ApixoClientOptionsValidator().Validate(null, new ApixoClientOptions { ApiKey = "k", CallbackSigningKey = "short-secret-key" }).Failures!;
        Assert.Contains(failures, failure => failure.Contains("CallbackSigningKey", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, failure => failure.Contains("short-secret-key", StringComparison.Ordinal));
    }

    [Fact]
    public void The_options_never_show_the_signing_key()
    {
        var text = new ApixoClientOptions { ApiKey = "k", CallbackSigningKey = Key }.ToString();

        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.Contains("CallbackSigningKey = (set)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_sends_a_signed_callback_url_and_leaves_the_request_as_it_was()
    {
        using var apixo = new ApixoFaultServer(options => options.CallbackSigningKey = Key);
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(200, """{"code":200,"data":{"taskId":"task_1"}}"""));
        var request = GptImage2.TextToImage("a fox").WithCallback("https://hooks.example.com/apixo?tenant=7").Build();

        await apixo.Client.SubmitAsync(request);

        Assert.Equal("https://hooks.example.com/apixo?tenant=7", request.CallbackUrl!.OriginalString);
        var body = apixo.Server.LogEntries.Single(entry => entry.RequestMessage.Path == ApixoFaultServer.SubmitPath).RequestMessage.Body!;
        using var sent = JsonDocument.Parse(body);
        var url = new Uri(sent.RootElement.GetProperty("callback_url").GetString()!);
        Assert.Equal(ApixoCallbackSignatureStatus.Valid, ApixoCallbackSignature.Verify(url.AbsolutePath, url.Query, Key, null, MaxAge, DateTimeOffset.UtcNow));
        Assert.Equal("a fox", sent.RootElement.GetProperty("input").GetProperty("prompt").GetString());
        Assert.Equal("callback", sent.RootElement.GetProperty("request_type").GetString());
    }

    [Fact]
    public void The_signed_copy_of_a_request_carries_every_property_of_the_contract()
    {
        // SubmitAsync copies CallbackUrl, Input and RequestType; a new request property must be copied too.
        var properties = typeof(GenerateTaskRequest).GetProperties().Select(property => property.Name).Order();

        Assert.Equal(["CallbackUrl", "Input", "RequestType"], properties);
    }
}

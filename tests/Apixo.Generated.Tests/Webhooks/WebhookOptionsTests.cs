using Apixo.Generated.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.Tests.Webhooks;

/// <summary>
/// The receiver's windows against APIXO's delivery facts (the contract's x-apixo-callback-delivery, as
/// <see cref="GptImage2CallbackDelivery"/>): what remembers a delivered task must outlast APIXO's retries of it.
/// </summary>
public sealed class WebhookOptionsTests
{
    private const string SigningKey = "options-key-0123456789abcdefghijklmnop";

    [Fact]
    public void The_defaults_outlast_the_contracts_retries_of_one_callback()
    {
        var defaults = Options(_ => { });
        Assert.True(defaults.DeduplicationWindow >= GptImage2CallbackDelivery.ShortestRetrySpan);
        Assert.True(defaults.SignatureMaxAge >= GptImage2CallbackDelivery.ShortestRetrySpan);
        Assert.Equal(
            GptImage2CallbackDelivery.FirstRetryAfter * GptImage2CallbackDelivery.MaxRetries,
            GptImage2CallbackDelivery.ShortestRetrySpan);
    }

    [Fact]
    public void A_deduplication_window_shorter_than_the_retries_is_refused_and_one_as_long_is_taken()
    {
        var span = GptImage2CallbackDelivery.ShortestRetrySpan;
        var error = Assert.Throws<OptionsValidationException>(() => Options(options => options.DeduplicationWindow = span - TimeSpan.FromSeconds(1)));
        Assert.Contains("DeduplicationWindow must be at least", error.Message, StringComparison.Ordinal);

        Assert.Equal(span, Options(options => options.DeduplicationWindow = span).DeduplicationWindow);
    }

    [Fact]
    public void With_a_signing_key_a_signature_age_shorter_than_the_retries_is_refused()
    {
        var span = GptImage2CallbackDelivery.ShortestRetrySpan;
        var error = Assert.Throws<OptionsValidationException>(() => Options(options =>
        {
            options.SigningKey = SigningKey;
            options.SignatureMaxAge = span - TimeSpan.FromSeconds(1);
        }));
        Assert.Contains("SignatureMaxAge must be at least", error.Message, StringComparison.Ordinal);

        // Without a key the age is unused, and not checked.
        Assert.Equal(TimeSpan.FromSeconds(1), Options(options => options.SignatureMaxAge = TimeSpan.FromSeconds(1)).SignatureMaxAge);
    }

    private static ApixoWebhookOptions Options(Action<ApixoWebhookOptions> configure)
    {
        using var services = new ServiceCollection().AddApixoWebhooks(configure).BuildServiceProvider();
        return services.GetRequiredService<IOptions<ApixoWebhookOptions>>().Value;
    }
}

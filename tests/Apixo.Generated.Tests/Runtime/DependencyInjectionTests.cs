using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.Tests.Runtime;

/// <summary>Registration, options validation with clear messages, and the typed client against WireMock.</summary>
public sealed class DependencyInjectionTests
{
    private static OptionsValidationException Invalid(Action<ApixoClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddApixoClient(configure);
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ApixoClient>());
    }

    [Fact]
    public void A_missing_key_is_named_with_where_to_set_it()
    {
        var previous = Environment.GetEnvironmentVariable(ApixoClientOptions.ApiKeyEnvironmentVariable);
        Environment.SetEnvironmentVariable(ApixoClientOptions.ApiKeyEnvironmentVariable, null);
        try
        {
            var error = Invalid(options => options.ApiKey = " ");
            Assert.Contains("Apixo:ApiKey is missing", error.Message, StringComparison.Ordinal);
            Assert.Contains("APIXO_API_KEY", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ApixoClientOptions.ApiKeyEnvironmentVariable, previous);
        }
    }

    [Theory]
    [InlineData("http://api.example.com/api/v1", "must use https")]
    [InlineData("/api/v1", "absolute")]
    public void A_bad_base_address_is_named(string address, string expected)
    {
        var error = Invalid(options =>
        {
            options.ApiKey = "sk-secret-1";
            options.BaseAddress = new Uri(address, UriKind.RelativeOrAbsolute);
        });
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/api/v1")]
    [InlineData("http://localhost:5000/api/v1")]
    [InlineData("https://api.apixo.ai/api/v1")]
    public void Https_or_loopback_http_is_accepted(string address)
    {
        var options = new ApixoClientOptions { ApiKey = "k", BaseAddress = new Uri(address) };
        Assert.True(new ApixoClientOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task The_typed_client_binds_from_configuration_and_works()
    {
        using var apixo = new ApixoFaultServer();
        apixo.Script(ApixoFaultServer.BalancePath, "GET", new Step(200, """{"code":200,"message":"success","data":7.25}"""));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Apixo:BaseAddress"] = apixo.Server.Url + "/api/v1",
            ["APIXO_API_KEY"] = "sk-from-environment",
        }).Build();
        var services = new ServiceCollection();
        services.AddApixoClient(configuration);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ApixoClient>();
        Assert.Equal(7.25m, await client.GetBalanceAsync());

        var sent = Assert.Single(apixo.Server.LogEntries).RequestMessage;
        Assert.Equal("Bearer sk-from-environment", Assert.Single(sent.Headers!["Authorization"]));
        Assert.NotNull(provider.GetRequiredService<IApixoApi>());
    }

    [Fact]
    public async Task Registering_twice_adds_configuration_not_a_second_set_of_handlers()
    {
        using var apixo = new ApixoFaultServer();
        apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(503, "{}"));
        var services = new ServiceCollection();
        services.AddApixoClient(o => { o.ApiKey = "k"; o.BaseAddress = new Uri(apixo.Server.Url + "/api/v1"); o.RetryBaseDelay = TimeSpan.FromMilliseconds(5); });
        services.AddApixoClient(o => o.MaxRetries = 2);
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<ApixoApiException>(() => provider.GetRequiredService<ApixoClient>().GetStatusAsync("t"));

        Assert.Equal(3, apixo.Requests(ApixoFaultServer.StatusPath));
        Assert.Equal("Bearer k", Assert.Single(apixo.Server.LogEntries.First().RequestMessage.Headers!["Authorization"]));
    }

    [Fact]
    public void An_empty_configured_key_falls_back_to_APIXO_API_KEY()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Apixo:ApiKey"] = string.Empty,
            ["APIXO_API_KEY"] = "sk-env",
        }).Build();
        var services = new ServiceCollection();
        services.AddApixoClient(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal("sk-env", provider.GetRequiredService<IOptions<ApixoClientOptions>>().Value.ApiKey);
    }

    [Fact]
    public void User_info_in_the_base_address_is_never_shown()
    {
        var options = new ApixoClientOptions { ApiKey = "k", BaseAddress = new Uri("http://user:hunter2@api.example.com/api/v1") };
        Assert.DoesNotContain("hunter2", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", string.Join(" ", new ApixoClientOptionsValidator().Validate(null, options).Failures ?? []), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_and_handler_never_show_the_key()
    {
        var options = new ApixoClientOptions { ApiKey = "sk-secret-2" };
        Assert.DoesNotContain("sk-secret-2", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-2", new Apixo.Generated.Http.ApixoAuthorizationHandler("sk-secret-2").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_made_without_DI_behaves_the_same()
    {
        using var apixo = new ApixoFaultServer();
        apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(503, "{}"), new Step(200, """{"code":200,"data":{"taskId":"t","state":"pending"}}"""));
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = "k", BaseAddress = new Uri(apixo.Server.Url + "/api/v1"), RetryBaseDelay = TimeSpan.FromMilliseconds(5) });

        Assert.Equal(TaskState.Pending, (await client.GetStatusAsync("t")).State);
        Assert.Equal(2, apixo.Requests(ApixoFaultServer.StatusPath));
        Assert.Throws<OptionsValidationException>(() => ApixoClient.Create(new ApixoClientOptions()));
    }
}

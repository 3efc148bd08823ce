using System.Net;
using Apixo.Generated.Resilience;
using Polly;

namespace Apixo.Generated.Tests.Runtime;

/// <summary>
/// The retry policy reads the contract's error catalogue: a GET retries what the catalogue marks retryable, a POST only
/// what is retryable and answered before anything was created (nothing-created). FaultMatrixTests shows the same over HTTP.
/// </summary>
public sealed class RetryPolicyTests
{
    public static TheoryData<int> DocumentedStatuses() => new(ApixoHttpErrors.All.Select(error => error.Status));

    [Theory]
    [MemberData(nameof(DocumentedStatuses))]
    public void A_documented_status_is_retried_as_the_catalogue_says(int status)
    {
        var error = ApixoHttpErrors.Describe(status);
        Assert.Equal(error.Retryable, Retried(HttpMethod.Get, status));
        Assert.Equal(error.Retryable && error.NothingCreated, Retried(HttpMethod.Post, status));
    }

    [Fact]
    public void Today_a_submit_is_retried_on_429_alone_and_a_status_call_on_429_and_the_server_errors()
    {
        // Pins today's contract, so that a catalogue edit that changes what is retried is a decision, not an accident.
        var statuses = ApixoHttpErrors.All.Select(error => error.Status).ToList();
        Assert.Equal([429], statuses.Where(status => Retried(HttpMethod.Post, status)));
        Assert.Equal([429, 500, 502, 503, 504], statuses.Where(status => Retried(HttpMethod.Get, status)));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(418)]
    [InlineData(501)]
    [InlineData(599)]
    public void A_status_the_contract_does_not_document_is_not_retried(int status)
    {
        Assert.Equal(ApixoErrorKind.Unknown, ApixoHttpErrors.Describe(status).Kind);
        Assert.False(Retried(HttpMethod.Get, status));
        Assert.False(Retried(HttpMethod.Post, status));
    }

    [Fact]
    public void A_request_never_sent_is_retried_whatever_its_method_and_a_reset_only_when_safe_to_repeat()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused");
        var reset = new HttpRequestException(HttpRequestError.ResponseEnded, "reset");
        Assert.True(ApixoRetryPolicy.ShouldRetry(HttpMethod.Post, Outcome.FromException<HttpResponseMessage>(refused)));
        Assert.False(ApixoRetryPolicy.ShouldRetry(HttpMethod.Post, Outcome.FromException<HttpResponseMessage>(reset)));
        Assert.True(ApixoRetryPolicy.ShouldRetry(HttpMethod.Get, Outcome.FromException<HttpResponseMessage>(reset)));
    }

    private static bool Retried(HttpMethod method, int status)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        return ApixoRetryPolicy.ShouldRetry(method, Outcome.FromResult(response));
    }
}

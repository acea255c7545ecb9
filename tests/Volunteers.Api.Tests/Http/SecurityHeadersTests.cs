using System.Net;
using System.Net.Http.Json;

namespace Volunteers.Tests.Http;

/// <summary>Pages, GraphQL answers and refusals carry the security headers; HSTS only over TLS (issue 17, finding 8).</summary>
public sealed class SecurityHeadersTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("GET", "/volunteer.html")]
    [InlineData("GET", "/explorer.html")]
    [InlineData("GET", "/sw.js")]
    [InlineData("POST", "/graphql")]
    [InlineData("POST", "/graphql?bad")]
    [InlineData("GET", "/reports/none.csv")]
    public async Task Every_answer_carries_the_policy_and_none_sends_HSTS_over_plain_HTTP(string method, string path)
    {
        using var response = await Send(factory.CreateClient(), method, path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Over_TLS_the_answer_tells_browsers_to_keep_to_it()
    {
        var client = factory.CreateClient(new() { BaseAddress = new Uri("https://tinhnguyen.example.vn") });

        using var page = await Send(client, "GET", "/volunteer.html");
        using var graphql = await Send(client, "POST", "/graphql");

        Assert.StartsWith("max-age=", Header(page, "Strict-Transport-Security"), StringComparison.Ordinal);
        Assert.StartsWith("max-age=", Header(graphql, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = path.EndsWith("?bad", StringComparison.Ordinal)
                ? new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(new { query = "{ demoAccounts { role } }" });
        }
        var response = await client.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        return response;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} is missing from the answer to {response.RequestMessage?.RequestUri}");
}

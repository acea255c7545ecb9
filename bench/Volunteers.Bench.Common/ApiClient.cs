using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Volunteers.Bench;

/// <summary>
/// A bare client of the api, signed in or not: the load generators measure the api, so this adds as
/// little as it can. Clients made with <see cref="As"/> share one <see cref="HttpClient"/>, so a
/// hundred thousand volunteers cost a token each, not a connection pool each.
/// </summary>
public sealed class ApiClient(HttpClient http, string? accessToken = null)
{
    public Uri BaseAddress => http.BaseAddress!;

    public string? AccessToken => accessToken;

    public ApiClient As(string? token) => new(http, token);

    public async Task<JsonNode> Data(string query, object? variables = null)
    {
        var body = await Send(HttpMethod.Post, "/graphql", JsonContent.Create(new { query, variables }));
        if (body["errors"] is JsonArray { Count: > 0 } errors)
        {
            throw new InvalidOperationException(errors.ToJsonString());
        }
        return body["data"]!;
    }

    /// <summary>A plain HTTP endpoint (imports): its JSON answer, or an exception naming the status when it refused.</summary>
    public async Task<JsonNode> Send(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        // GraphQL answers its refusals with a body of errors; 401 and 429 come before it, with no JSON to read.
        return text.Length > 0 && (text[0] == '{' || text[0] == '[')
            ? JsonNode.Parse(text)!
            : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {response.ReasonPhrase} {text}");
    }
}

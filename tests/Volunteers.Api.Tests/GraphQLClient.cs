using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Volunteers.Tests;

/// <summary>
/// Posts GraphQL documents the way a browser does and hands back the parsed answer; with an access
/// token (got once, on first use) when it is made with a way to sign in.
/// </summary>
public sealed class GraphQLClient(HttpClient http, Func<Task<string>>? signIn = null)
{
    private Task<string>? _token;

    public HttpClient Http => http;

    /// <summary>The same server, as another account.</summary>
    public GraphQLClient As(string accessToken) => new(http, () => Task.FromResult(accessToken));

    public Task<string> AccessToken() => _token ??= signIn?.Invoke() ?? throw new InvalidOperationException("This client is anonymous.");

    public async Task<string> SignIn(string username, string password) =>
        (string)(await Data("mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { accessToken } }",
            new { u = username, p = password }))["signIn"]!["accessToken"]!;

    /// <summary>A plain HTTP GET (reports, import progress) with the same token as GraphQL.</summary>
    public Task<HttpResponseMessage> GetAsync(string path) => SendHttp(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>A plain HTTP POST (imports) with the same token as GraphQL.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, HttpContent content) => SendHttp(new HttpRequestMessage(HttpMethod.Post, path) { Content = content });

    private async Task<HttpResponseMessage> SendHttp(HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await AccessToken());
            return await http.SendAsync(request);
        }
    }

    public async Task<GraphQLAnswer> Send(string query, object? variables = null)
    {
        var response = await Post(query, variables);
        if (response.StatusCode == HttpStatusCode.Unauthorized && signIn is not null)
        {
            // An account keeps its ten newest sessions: tests that sign the same login in through the pages push
            // this client's session out, and it signs in again as the web app would.
            response.Dispose();
            _token = null;
            response = await Post(query, variables);
        }
        using (response)
        {
            return await Answer(response);
        }
    }

    private async Task<HttpResponseMessage> Post(string query, object? variables)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (signIn is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await AccessToken());
        }
        return await http.SendAsync(request);
    }

    private static async Task<GraphQLAnswer> Answer(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
            $"GraphQL answered {(int)response.StatusCode}: {body}");
        return new GraphQLAnswer(response.StatusCode, JsonNode.Parse(body)!.AsObject());
    }

    /// <summary>Runs a document that must succeed and returns its data.</summary>
    public async Task<JsonNode> Data(string query, object? variables = null)
    {
        var answer = await Send(query, variables);
        Assert.True(answer.Errors.Count == 0, $"Unexpected errors: {answer.Errors.ToJsonString()}");
        return answer.Body["data"]!;
    }

    /// <summary>Runs a document that must fail and returns its first error.</summary>
    public async Task<GraphQLError> Error(string query, object? variables = null) => (await Send(query, variables)).FirstError();
}

public sealed record GraphQLAnswer(HttpStatusCode Status, JsonObject Body)
{
    public JsonArray Errors => Body["errors"]?.AsArray() ?? [];

    public GraphQLError FirstError()
    {
        Assert.True(Errors.Count > 0, $"Expected an error, got {Body.ToJsonString()}");
        var error = Errors[0]!;
        return new GraphQLError((string)error["message"]!, (string?)error["extensions"]?["code"], (string?)error["extensions"]?["field"]);
    }
}

public sealed record GraphQLError(string Message, string? Code, string? Field);

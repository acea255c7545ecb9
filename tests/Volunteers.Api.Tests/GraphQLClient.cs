using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Volunteers.Tests;

/// <summary>Posts GraphQL documents the way a browser does and hands back the parsed answer.</summary>
public sealed class GraphQLClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<GraphQLAnswer> Send(string query, object? variables = null)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
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
    public async Task<GraphQLError> Error(string query, object? variables = null)
    {
        var answer = await Send(query, variables);
        Assert.True(answer.Errors.Count > 0, $"Expected an error, got {answer.Body.ToJsonString()}");
        var error = answer.Errors[0]!;
        return new GraphQLError((string)error["message"]!, (string?)error["extensions"]?["code"], (string?)error["extensions"]?["field"]);
    }
}

public sealed record GraphQLAnswer(HttpStatusCode Status, JsonObject Body)
{
    public JsonArray Errors => Body["errors"]?.AsArray() ?? [];
}

public sealed record GraphQLError(string Message, string? Code, string? Field);

using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Volunteers.Bench;

/// <summary>A bare GraphQL client: the load generator measures the api, so it adds as little as it can.</summary>
public sealed class GraphQL(HttpClient http)
{
    public async Task<JsonNode> Data(string query, object? variables = null)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (body["errors"] is JsonArray { Count: > 0 } errors)
        {
            throw new InvalidOperationException(errors.ToJsonString());
        }
        return body["data"]!;
    }
}

using System.Net.Http.Json;
using System.Text.Json;

namespace Volunteers.Tests.Cluster;

/// <summary>GraphQL over HTTP as the web app and the phones speak it.</summary>
public sealed class GraphClient(Uri api) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The <c>data</c> of a successful answer; any error, transport or GraphQL, throws.</summary>
    public async Task<JsonElement> SendAsync(string query, object? variables = null, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), new { query, variables }, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (body.TryGetProperty("errors", out var errors))
        {
            throw new GraphErrorException(errors.ToString());
        }
        response.EnsureSuccessStatusCode();
        return body.GetProperty("data");
    }

    public void Dispose() => _http.Dispose();
}

public sealed class GraphErrorException(string errors) : Exception(errors);

/// <summary>
/// One ward with a desk and a team of volunteers checked in there, in a running campaign, made
/// through the api the way an organiser would.
/// </summary>
public sealed record ClusterCampaign(string CampaignId, IReadOnlyList<string> VolunteerIds)
{
    public static async Task<ClusterCampaign> CreateAsync(GraphClient graph, int volunteers)
    {
        var units = await graph.SendAsync("""
            mutation($inputs: [UnitInput!]!) { createUnits(inputs: $inputs) { id } }
            """, new
        {
            inputs = new object[]
            {
                new { name = "Thành phố Thử", kind = "PROVINCE", key = "p" },
                new { name = "Phường Một", kind = "WARD", key = "w", parentKey = "p" },
                new { name = "Bộ phận một cửa", kind = "DESK", parentKey = "w" },
            },
        });
        var wardId = units.GetProperty("createUnits")[1].GetProperty("id").GetString()!;
        var deskId = units.GetProperty("createUnits")[2].GetProperty("id").GetString()!;
        var teamId = (await graph.SendAsync("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ một\") { id } }", new { w = wardId }))
            .GetProperty("createTeam").GetProperty("id").GetString()!;
        var volunteerIds = new List<string>();
        for (var i = 0; i < volunteers; i++)
        {
            volunteerIds.Add((await graph.SendAsync("mutation($t: ID!, $n: String!, $p: String!) { addVolunteer(teamId: $t, name: $n, phone: $p) { id } }",
                new { t = teamId, n = $"TNV {i}", p = $"0912{i:D6}" })).GetProperty("addVolunteer").GetProperty("id").GetString()!);
        }
        var campaignId = (await graph.SendAsync("""
            mutation($w: ID!) { createCampaign(input: { name: "Ngày chuyển đổi số", date: "2026-08-27", startsAt: "07:30:00", endsAt: "17:00:00", wardIds: [$w] }) { id } }
            """, new { w = wardId })).GetProperty("createCampaign").GetProperty("id").GetString()!;
        await graph.SendAsync("mutation($c: ID!) { startCampaign(id: $c) { id } }", new { c = campaignId });
        await graph.SendAsync("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
            new { c = campaignId, p = deskId, t = teamId });
        foreach (var volunteerId in volunteerIds)
        {
            await graph.SendAsync("mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
                new { c = campaignId, v = volunteerId, p = deskId });
        }
        return new ClusterCampaign(campaignId, volunteerIds);
    }
}

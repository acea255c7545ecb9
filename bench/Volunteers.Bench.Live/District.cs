using System.Net.Http.Json;
using System.Text.Json;

namespace Volunteers.Bench.Live;

/// <summary>A running campaign over a few wards, each with a desk, a team of two checked in there, made through GraphQL.</summary>
internal sealed record District(string CampaignId, IReadOnlyList<string> WardIds, IReadOnlyList<(string VolunteerId, string WardId)> Volunteers)
{
    public static async Task<District> CreateAsync(HttpClient client, int wards)
    {
        var inputs = new List<object> { new { name = "Tỉnh Thử", kind = "PROVINCE", key = "p" } };
        for (var w = 0; w < wards; w++)
        {
            inputs.Add(new { name = $"Xã {w}", kind = "WARD", key = $"w{w}", parentKey = "p" });
            inputs.Add(new { name = $"Một cửa {w}", kind = "DESK", parentKey = $"w{w}" });
        }
        var units = (await GraphQLAsync(client, "mutation($i: [UnitInput!]!) { createUnits(inputs: $i) { id kind } }", new { i = inputs }))
            .GetProperty("createUnits").EnumerateArray().Select(u => (Id: u.GetProperty("id").GetString()!, Kind: u.GetProperty("kind").GetString()!)).ToList();
        var wardIds = units.Where(u => u.Kind == "WARD").Select(u => u.Id).ToList();
        var deskIds = units.Where(u => u.Kind == "DESK").Select(u => u.Id).ToList();
        var campaignId = (await GraphQLAsync(client, "mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }", new
        {
            i = new { name = "Ngày đo", date = "2026-08-27", startsAt = "07:30:00", endsAt = "17:00:00", wardIds },
        })).GetProperty("createCampaign").GetProperty("id").GetString()!;

        var volunteers = new List<(string, string)>();
        for (var w = 0; w < wards; w++)
        {
            var teamId = (await GraphQLAsync(client, "mutation($w: ID!, $n: String!) { createTeam(wardId: $w, name: $n) { id } }",
                new { w = wardIds[w], n = $"Tổ {w}" })).GetProperty("createTeam").GetProperty("id").GetString()!;
            await GraphQLAsync(client, "mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
                new { c = campaignId, p = deskIds[w], t = teamId });
            for (var v = 0; v < 2; v++)
            {
                var volunteerId = (await GraphQLAsync(client, "mutation($t: ID!, $n: String!, $p: String!) { addVolunteer(teamId: $t, name: $n, phone: $p) { id } }",
                    new { t = teamId, n = $"TNV {w}-{v}", p = $"09{w:D4}{v:D4}" })).GetProperty("addVolunteer").GetProperty("id").GetString()!;
                volunteers.Add((volunteerId, wardIds[w]));
            }
        }
        await GraphQLAsync(client, "mutation($c: ID!) { startCampaign(id: $c) { id } }", new { c = campaignId });
        foreach (var (volunteerId, wardId) in volunteers)
        {
            await GraphQLAsync(client, "mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
                new { c = campaignId, v = volunteerId, p = deskIds[wardIds.IndexOf(wardId)] });
        }
        return new District(campaignId, wardIds, volunteers);
    }

    public static async Task<JsonElement> GraphQLAsync(HttpClient client, string query, object variables)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), new { query, variables });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("errors", out var errors)
            ? throw new InvalidOperationException($"GraphQL refused {query}: {errors}")
            : body.GetProperty("data");
    }
}

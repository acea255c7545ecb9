using System.Text.Json.Nodes;

namespace Volunteers.Tests.Core;

/// <summary>
/// A district built through the public API: two wards, each with a desk, a neighbourhood, a team
/// of two volunteers assigned to both places, in a campaign that is running unless asked otherwise.
/// </summary>
public sealed record World(
    string CampaignId, string ProvinceId, string DistrictId, string[] WardIds, string[] DeskIds, string[] NeighbourhoodIds,
    string[] TeamIds, string[][] VolunteerIds)
{
    public static async Task<World> Create(GraphQLClient api, bool start = true)
    {
        var units = (await api.Data("""
            mutation($inputs: [UnitInput!]!) { createUnits(inputs: $inputs) { id kind } }
            """, new
        {
            inputs = new object[]
            {
                new { key = "p", name = "Thành phố Hà Nội", kind = "PROVINCE", code = Code() },
                new { key = "d", parentKey = "p", name = "Huyện Thanh Oai", kind = "DISTRICT" },
                new { key = "w0", parentKey = "d", name = "Xã Cự Khê", kind = "WARD" },
                new { key = "w1", parentKey = "d", name = "Xã Bích Hòa", kind = "WARD" },
                new { parentKey = "w0", name = "Bộ phận một cửa Cự Khê", kind = "DESK" },
                new { parentKey = "w0", name = "Thôn Cự Đà", kind = "NEIGHBOURHOOD" },
                new { parentKey = "w1", name = "Bộ phận một cửa Bích Hòa", kind = "DESK" },
                new { parentKey = "w1", name = "Thôn Bích Hòa 1", kind = "NEIGHBOURHOOD" },
            },
        }))["createUnits"]!.AsArray().Select(u => (string)u!["id"]!).ToArray();
        string[] wards = [units[2], units[3]], desks = [units[4], units[6]], neighbourhoods = [units[5], units[7]];

        var campaignId = (string)(await api.Data("""
            mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }
            """, new { input = new { name = "Ngày đồng loạt ra quân", date = "2026-08-27", startsAt = "07:30:00", endsAt = "17:00:00", wardIds = wards } }))
            ["createCampaign"]!["id"]!;

        var teams = new string[2];
        var volunteers = new string[2][];
        for (var w = 0; w < 2; w++)
        {
            teams[w] = (string)(await api.Data("mutation($ward: ID!) { createTeam(wardId: $ward, name: \"Tổ CNSCĐ\") { id } }", new { ward = wards[w] }))
                ["createTeam"]!["id"]!;
            volunteers[w] = new string[2];
            for (var v = 0; v < 2; v++)
            {
                volunteers[w][v] = (string)(await api.Data(
                    "mutation($team: ID!, $phone: String!) { addVolunteer(teamId: $team, name: \"Nguyễn Văn An\", phone: $phone, branch: \"Chi đoàn thôn\") { id } }",
                    new { team = teams[w], phone = $"09{w}{v}{Random.Shared.Next(1_000_000):D6}" }))["addVolunteer"]!["id"]!;
            }
            foreach (var place in new[] { desks[w], neighbourhoods[w] })
            {
                await api.Data("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
                    new { c = campaignId, p = place, t = teams[w] });
            }
        }
        if (start)
        {
            await api.Data("mutation($id: ID!) { startCampaign(id: $id) { status } }", new { id = campaignId });
        }
        return new World(campaignId, units[0], units[1], wards, desks, neighbourhoods, teams, volunteers);
    }

    public Task<JsonNode> CheckIn(GraphQLClient api, string volunteerId, string placeId) =>
        api.Data("mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId checkedInAt } }",
            new { c = CampaignId, v = volunteerId, p = placeId });

    public Task<GraphQLAnswer> Log(GraphQLClient api, string volunteerId, object help) =>
        api.Send("mutation($c: ID!, $v: ID!, $h: HelpInput!) { logHelp(campaignId: $c, volunteerId: $v, help: $h) { recordId acceptedAt duplicate } }",
            new { c = CampaignId, v = volunteerId, h = help });

    /// <summary>Sends a log that must be refused, and returns the refusal.</summary>
    public static async Task<GraphQLError> Log(GraphQLClient api, World world, string volunteerId, object help)
    {
        var answer = await world.Log(api, volunteerId, help);
        Assert.True(answer.Errors.Count > 0, $"Expected a refusal, got {answer.Body.ToJsonString()}");
        var error = answer.Errors[0]!;
        return new GraphQLError((string)error["message"]!, (string?)error["extensions"]?["code"], (string?)error["extensions"]?["field"]);
    }

    public static object Help(string recordId, string service = "account", int minutes = 10, string channel = "DOOR_TO_DOOR") =>
        new { recordId, service, channel, outcome = "DONE", minutes };

    /// <summary>Roll-ups are coalesced; reconcile settles within moments.</summary>
    public async Task<JsonNode> ReconcileWhenSettled(GraphQLClient api)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var reconcile = (await api.Data("query($c: ID!) { reconcile(campaignId: $c) { exact records levelsChecked mismatches { scopeId expectedHelps actualHelps } } }",
                new { c = CampaignId }))["reconcile"]!;
            if ((bool)reconcile["exact"]! || DateTime.UtcNow > deadline)
            {
                return reconcile;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Official codes are unique across the store; each world takes its own.</summary>
    private static string Code() => $"T{Guid.NewGuid():N}"[..12];
}

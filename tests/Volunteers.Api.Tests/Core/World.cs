using System.Text.Json.Nodes;

namespace Volunteers.Tests.Core;

/// <summary>
/// A district built through the public API by the organiser of its province: two wards, each with a
/// desk, a neighbourhood, a team of two volunteers (who joined with the team's invite code) assigned to
/// both places, in a campaign that is running unless asked otherwise.
/// </summary>
public sealed record World(
    string CampaignId, string ProvinceId, string DistrictId, string[] WardIds, string[] DeskIds, string[] NeighbourhoodIds,
    string[] TeamIds, string[][] VolunteerIds, IReadOnlyDictionary<string, string> VolunteerTokens, string[] WardCodes)
{
    public const string Pin = "135792";

    public static async Task<World> Create(GraphQLClient api, bool start = true)
    {
        var provinceId = (string)(await api.Data("{ me { scopeId } }"))["me"]!["scopeId"]!;
        // Official codes are unique across the store; imports name parents by them.
        string[] wardCodes = [$"W{Guid.NewGuid():N}"[..12], $"W{Guid.NewGuid():N}"[..12]];
        var units = (await api.Data("""
            mutation($inputs: [UnitInput!]!) { createUnits(inputs: $inputs) { id kind } }
            """, new
        {
            inputs = new object[]
            {
                new { key = "d", parentId = provinceId, name = "Huyện Thanh Oai", kind = "DISTRICT" },
                new { key = "w0", parentKey = "d", name = "Xã Cự Khê", kind = "WARD", code = wardCodes[0] },
                new { key = "w1", parentKey = "d", name = "Xã Bích Hòa", kind = "WARD", code = wardCodes[1] },
                new { parentKey = "w0", name = "Bộ phận một cửa Cự Khê", kind = "DESK" },
                new { parentKey = "w0", name = "Thôn Cự Đà", kind = "NEIGHBOURHOOD" },
                new { parentKey = "w1", name = "Bộ phận một cửa Bích Hòa", kind = "DESK" },
                new { parentKey = "w1", name = "Thôn Bích Hòa 1", kind = "NEIGHBOURHOOD" },
            },
        }))["createUnits"]!.AsArray().Select(u => (string)u!["id"]!).ToArray();
        string[] wards = [units[1], units[2]], desks = [units[3], units[5]], neighbourhoods = [units[4], units[6]];

        var campaignId = (string)(await api.Data("""
            mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }
            """, new { input = new { name = "Ngày đồng loạt ra quân", date = "2026-08-27", startsAt = "07:30:00", endsAt = "17:00:00", wardIds = wards } }))
            ["createCampaign"]!["id"]!;

        var teams = new string[2];
        var volunteers = new string[2][];
        var tokens = new Dictionary<string, string>();
        for (var w = 0; w < 2; w++)
        {
            teams[w] = (string)(await api.Data("mutation($ward: ID!) { createTeam(wardId: $ward, name: \"Tổ CNSCĐ\") { id } }", new { ward = wards[w] }))
                ["createTeam"]!["id"]!;
            var invite = (string)(await api.Data("query($t: ID!) { teamInvite(teamId: $t) { code } }", new { t = teams[w] }))["teamInvite"]!["code"]!;
            volunteers[w] = new string[2];
            for (var v = 0; v < 2; v++)
            {
                var session = await Join(new GraphQLClient(api.Http), invite, $"0{Random.Shared.Next(300_000_000, 999_999_999)}");
                volunteers[w][v] = (string)session["account"]!["scopeId"]!;
                tokens[volunteers[w][v]] = (string)session["accessToken"]!;
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
        return new World(campaignId, provinceId, units[0], wards, desks, neighbourhoods, teams, volunteers, tokens, wardCodes);
    }

    /// <summary>Joins a team as a volunteer with the team's invite code; returns the session.</summary>
    public static async Task<JsonNode> Join(GraphQLClient anonymous, string inviteCode, string phone, string pin = Pin) =>
        (await anonymous.Data("""
            mutation($code: String!, $phone: String!, $pin: String!) {
              joinTeam(inviteCode: $code, name: "Nguyễn Văn An", phone: $phone, pin: $pin, branch: "Chi đoàn thôn") { accessToken refreshToken account { scopeId } }
            }
            """, new { code = inviteCode, phone, pin }))["joinTeam"]!;

    /// <summary>The phone of a volunteer who just joined a world of their own, for tests of signing in.</summary>
    public static async Task<string> JoinedPhone(ApiFactory factory)
    {
        var organiser = factory.GraphQL();
        var world = await Create(organiser);
        var code = (string)(await organiser.Data("query($t: ID!) { teamInvite(teamId: $t) { code } }", new { t = world.TeamIds[0] }))["teamInvite"]!["code"]!;
        var phone = $"0{Random.Shared.Next(300_000_000, 999_999_999)}";
        await Join(factory.Anonymous(), code, phone);
        return phone;
    }

    /// <summary>The same server, as one of the world's volunteers.</summary>
    public GraphQLClient Volunteer(GraphQLClient api, string volunteerId) => api.As(VolunteerTokens[volunteerId]);

    /// <summary>A staff account made by <paramref name="creator"/> for a unit or team, signed in.</summary>
    public static async Task<GraphQLClient> Staff(GraphQLClient creator, string role, string scopeId)
    {
        var username = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        const string Password = "correct horse battery";
        await creator.Data("mutation($r: Role!, $s: ID!, $u: String!, $p: String!) { createAccount(role: $r, scopeId: $s, username: $u, password: $p, reason: \"test\") { role } }",
            new { r = role, s = scopeId, u = username, p = Password });
        return creator.As(await new GraphQLClient(creator.Http).SignIn(username, Password));
    }

    public Task<JsonNode> CheckIn(GraphQLClient api, string volunteerId, string placeId) =>
        Volunteer(api, volunteerId).Data("mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId checkedInAt } }",
            new { c = CampaignId, v = volunteerId, p = placeId });

    public Task<GraphQLAnswer> Log(GraphQLClient api, string volunteerId, object help) =>
        Volunteer(api, volunteerId).Send("mutation($c: ID!, $v: ID!, $h: HelpInput!) { logHelp(campaignId: $c, volunteerId: $v, help: $h) { recordId acceptedAt duplicate } }",
            new { c = CampaignId, v = volunteerId, h = help });

    /// <summary>Sends a log that must be refused, and returns the refusal.</summary>
    public static async Task<GraphQLError> Log(GraphQLClient api, World world, string volunteerId, object help) =>
        (await world.Log(api, volunteerId, help)).FirstError();

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
}

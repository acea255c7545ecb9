using System.Text.Json.Nodes;

namespace Volunteers.Tests.Core;

public sealed class CampaignPlanningTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly GraphQLClient _api = factory.GraphQL();

    private const string Readiness = "query($c: ID!) { readiness(campaignId: $c) { wardId ward { name } teams volunteers volunteersOnDuty places uncoveredPlaces } }";

    [Fact]
    public async Task Readiness_counts_each_wards_teams_volunteers_on_the_roster_and_on_duty_and_places_covered()
    {
        var world = await World.Create(_api);
        await world.Volunteer(_api, world.VolunteerIds[0][0]).Data("mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
            new { c = world.CampaignId, v = world.VolunteerIds[0][0], p = world.DeskIds[0] });

        var rows = await ReadinessOf(world.CampaignId);

        Assert.Equal((1, 2, 1, 2, 0), Row(rows[world.WardIds[0]]));
        Assert.Equal((1, 2, 0, 2, 0), Row(rows[world.WardIds[1]]));
        Assert.Equal("Xã Cự Khê", (string)rows[world.WardIds[0]]["ward"]!["name"]!);
    }

    [Fact]
    public async Task Readiness_shows_a_ward_with_no_team_and_places_a_new_campaign_has_not_assigned()
    {
        var world = await World.Create(_api);
        var created = (await _api.Data("mutation($inputs: [UnitInput!]!) { createUnits(inputs: $inputs) { id } }", new
        {
            inputs = new object[]
            {
                new { key = "w", parentId = world.DistrictId, name = "Xã Tam Hưng", kind = "WARD" },
                new { parentKey = "w", name = "Thôn Tam Hưng 1", kind = "NEIGHBOURHOOD" },
            },
        }))["createUnits"]!.AsArray();
        var emptyWard = (string)created[0]!["id"]!;
        var campaignId = (string)(await _api.Data("mutation($w: [ID!]!) { createCampaign(input: { name: \"Ngày thứ hai\", date: \"2026-09-05\", startsAt: \"07:30:00\", endsAt: \"11:00:00\", wardIds: $w }) { id } }",
            new { w = new[] { world.WardIds[0], emptyWard } }))["createCampaign"]!["id"]!;

        var rows = await ReadinessOf((string)campaignId!);

        Assert.Equal(2, rows.Count);
        Assert.Equal((0, 0, 0, 1, 1), Row(rows[emptyWard]));
        Assert.Equal((1, 2, 0, 2, 2), Row(rows[world.WardIds[0]]));
    }

    [Fact]
    public async Task The_service_catalogue_is_the_one_a_campaign_gets_when_it_names_none()
    {
        var world = await World.Create(_api, start: false);

        var catalogue = (await _api.Data("{ serviceCatalogue { code name nameEn } }"))["serviceCatalogue"]!.ToJsonString();
        var campaign = (await _api.Data("query($id: ID!) { campaign(id: $id) { services { code name nameEn } } }", new { id = world.CampaignId }))["campaign"]!["services"]!.ToJsonString();

        Assert.Equal(campaign, catalogue);
        Assert.Contains("\"account\"", catalogue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_official_is_refused_the_readiness_of_a_campaign_naming_the_field()
    {
        var world = await World.Create(_api);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);

        var refused = await official.Error(Readiness, new { c = world.CampaignId });

        Assert.Equal(("FORBIDDEN", "Query.readiness"), (refused.Code, refused.Field));
    }

    private async Task<Dictionary<string, JsonNode>> ReadinessOf(string campaignId) =>
        (await _api.Data(Readiness, new { c = campaignId }))["readiness"]!.AsArray().ToDictionary(r => (string)r!["wardId"]!, r => r!);

    private static (int Teams, int Volunteers, int OnDuty, int Places, int Uncovered) Row(JsonNode row) =>
        ((int)row["teams"]!, (int)row["volunteers"]!, (int)row["volunteersOnDuty"]!, (int)row["places"]!, (int)row["uncoveredPlaces"]!);
}

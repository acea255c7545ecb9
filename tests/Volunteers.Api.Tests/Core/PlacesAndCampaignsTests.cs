namespace Volunteers.Tests.Core;

public sealed class PlacesAndCampaignsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task Units_form_a_tree_that_can_be_walked_from_the_top()
    {
        var world = await World.Create(_api);

        var district = (await _api.Data("query($id: ID!) { unit(id: $id) { name kind parent { id kind } children { kind teams { id } } } }",
            new { id = world.DistrictId }))["unit"]!;
        var roots = (await _api.Data("{ units { id kind } }"))["units"]!.AsArray();
        var underDistrict = (await _api.Data("query($p: ID!) { units(parentId: $p) { id } }", new { p = world.DistrictId }))["units"]!.AsArray();

        Assert.Equal("DISTRICT", (string)district["kind"]!);
        Assert.Equal(world.ProvinceId, (string)district["parent"]!["id"]!);
        Assert.All(district["children"]!.AsArray(), ward => Assert.Equal("WARD", (string)ward!["kind"]!));
        Assert.Contains(roots, r => (string)r!["id"]! == world.ProvinceId);
        Assert.Equal(world.WardIds, underDistrict.Select(u => (string)u!["id"]!));
    }

    [Fact]
    public async Task Create_unit_keeps_the_official_code_and_refuses_it_twice()
    {
        var code = $"X{Guid.NewGuid():N}"[..10];
        var province = (string)(await _api.Data("{ me { scopeId } }"))["me"]!["scopeId"]!;
        var created = (await _api.Data("mutation($code: String, $p: ID) { createUnit(input: { name: \"Huyện Chợ Đồn\", kind: DISTRICT, code: $code, parentId: $p }) { id code } }",
            new { code, p = province }))["createUnit"]!;

        var again = await _api.Error("mutation($code: String, $p: ID) { createUnit(input: { name: \"Huyện khác\", kind: DISTRICT, code: $code, parentId: $p }) { id } }",
            new { code, p = province });

        Assert.Equal(code, (string)created["code"]!);
        Assert.Equal(("CONFLICT", "code"), (again.Code, again.Field));
    }

    [Fact]
    public async Task A_campaign_moves_from_planned_to_running_to_closed_and_no_further()
    {
        var world = await World.Create(_api, start: false);
        const string Status = "query($id: ID!) { campaign(id: $id) { status startedAt closedAt } }";

        Assert.Equal("PLANNED", (string)(await _api.Data(Status, new { id = world.CampaignId }))["campaign"]!["status"]!);
        await _api.Data("mutation($id: ID!) { startCampaign(id: $id) { status } }", new { id = world.CampaignId });
        Assert.Equal("RUNNING", (string)(await _api.Data(Status, new { id = world.CampaignId }))["campaign"]!["status"]!);
        await _api.Data("mutation($id: ID!) { closeCampaign(id: $id) { status } }", new { id = world.CampaignId });
        var closed = (await _api.Data(Status, new { id = world.CampaignId }))["campaign"]!;
        var reopen = await _api.Error("mutation($id: ID!) { startCampaign(id: $id) { status } }", new { id = world.CampaignId });

        Assert.Equal("CLOSED", (string)closed["status"]!);
        Assert.NotNull((string?)closed["startedAt"]);
        Assert.NotNull((string?)closed["closedAt"]);
        Assert.Equal(("CONFLICT", "status"), (reopen.Code, reopen.Field));
        Assert.Contains((await _api.Data("{ campaigns { id } }"))["campaigns"]!.AsArray(), c => (string)c!["id"]! == world.CampaignId);
    }

    [Fact]
    public async Task Targets_per_ward_and_service_add_up_in_the_campaign_progress()
    {
        var world = await World.Create(_api);

        var targets = (await _api.Data("""
            mutation($c: ID!, $t: [TargetInput!]!) { setTargets(campaignId: $c, targets: $t) { wardId service count } }
            """, new
        {
            c = world.CampaignId,
            t = new object[]
            {
                new { wardId = world.WardIds[0], service = "account", count = 30 },
                new { wardId = world.WardIds[1], service = "account", count = 20 },
                new { wardId = world.WardIds[1], service = "cashless", count = 15 },
            },
        }))["setTargets"]!.AsArray();
        var progress = (await _api.Data("query($c: ID!, $s: ID) { counts(campaignId: $c, scopeId: $s) { progress { service target done } } }",
            new { c = world.CampaignId, s = (string?)null }))["counts"]!["progress"]!.AsArray();
        var ward1 = (await _api.Data("query($c: ID!, $s: ID) { counts(campaignId: $c, scopeId: $s) { progress { service target } } }",
            new { c = world.CampaignId, s = world.WardIds[1] }))["counts"]!["progress"]!.AsArray();

        Assert.Equal(3, targets.Count);
        Assert.Equal(50, (int)progress.Single(p => (string)p!["service"]! == "account")!["target"]!);
        Assert.Equal(15, (int)progress.Single(p => (string)p!["service"]! == "cashless")!["target"]!);
        Assert.Equal(20, (int)ward1.Single(p => (string)p!["service"]! == "account")!["target"]!);
    }

    [Fact]
    public async Task A_campaign_can_carry_its_own_service_catalogue()
    {
        var world = await World.Create(_api);

        var campaign = (await _api.Data("""
            mutation($w: [ID!]!) {
              createCampaign(input: { name: "Tuần lễ địa chỉ số", date: "2026-09-02", startsAt: "08:00:00", endsAt: "11:30:00", wardIds: $w,
                services: [{ code: "digital-address", name: "Địa chỉ số", nameEn: "Digital address" }, { code: "other", name: "Khác" }] }) {
                services { code name nameEn }
              }
            }
            """, new { w = world.WardIds }))["createCampaign"]!;

        Assert.Equal(["digital-address", "other"], campaign["services"]!.AsArray().Select(s => (string)s!["code"]!));
        Assert.Equal("Khác", (string)campaign["services"]![1]!["nameEn"]!);
    }

    [Fact]
    public async Task Coverage_shows_uncovered_and_double_assigned_places()
    {
        var world = await World.Create(_api);
        var secondTeam = (string)(await _api.Data("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ 2\") { id } }", new { w = world.WardIds[0] }))
            ["createTeam"]!["id"]!;
        const string Change = "mutation($c: ID!, $p: ID!, $t: ID!) { {0}(campaignId: $c, placeId: $p, teamId: $t) { placeId status teams { id } } }";

        await _api.Data(Change.Replace("{0}", "assignPlace", StringComparison.Ordinal), new { c = world.CampaignId, p = world.DeskIds[0], t = secondTeam });
        var coverage = (await _api.Data(Change.Replace("{0}", "unassignPlace", StringComparison.Ordinal),
            new { c = world.CampaignId, p = world.NeighbourhoodIds[0], t = world.TeamIds[0] }))["unassignPlace"]!.AsArray();

        Assert.Equal("DOUBLE_ASSIGNED", (string)coverage.Single(c => (string)c!["placeId"]! == world.DeskIds[0])!["status"]!);
        Assert.Equal("UNCOVERED", (string)coverage.Single(c => (string)c!["placeId"]! == world.NeighbourhoodIds[0])!["status"]!);
        var query = (await _api.Data("query($c: ID!, $w: ID!) { coverage(campaignId: $c, wardId: $w) { placeId status } }",
            new { c = world.CampaignId, w = world.WardIds[0] }))["coverage"]!.AsArray();
        Assert.Equal(coverage.Select(c => (string)c!["status"]!), query.Select(c => (string)c!["status"]!));
    }

    [Fact]
    public async Task Teams_list_their_volunteers_with_name_phone_and_branch()
    {
        var world = await World.Create(_api);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[1]);
        const string Team = "query($id: ID!) { team(id: $id) { ward { id } volunteers { id name phone branch team { id } } } }";

        var team = (await official.Data(Team, new { id = world.TeamIds[1] }))["team"]!;
        var asOrganiser = (await _api.Data(Team, new { id = world.TeamIds[1] }))["team"]!;
        var volunteer = (await _api.Data("query($id: ID!) { volunteer(id: $id) { name teamId } }", new { id = world.VolunteerIds[1][0] }))["volunteer"]!;

        Assert.Equal(world.WardIds[1], (string)team["ward"]!["id"]!);
        Assert.Equal(world.VolunteerIds[1], team["volunteers"]!.AsArray().Select(v => (string)v!["id"]!));
        Assert.StartsWith("0", (string)team["volunteers"]![0]!["phone"]!, StringComparison.Ordinal);
        Assert.All(asOrganiser["volunteers"]!.AsArray(), v => Assert.Null((string?)v!["phone"]));
        Assert.Equal("Chi đoàn thôn", (string)team["volunteers"]![0]!["branch"]!);
        Assert.Equal(world.TeamIds[1], (string)volunteer["teamId"]!);
    }
}

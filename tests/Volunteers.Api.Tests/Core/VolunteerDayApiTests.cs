namespace Volunteers.Tests.Core;

public sealed class VolunteerDayApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task A_volunteer_checks_in_logs_and_checks_out_and_every_scope_counts_it()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[0][1];
        await world.CheckIn(_api, volunteer, world.DeskIds[0]);

        var receipt = (await world.Log(_api, volunteer, World.Help("d-1", minutes: 25))).Body["data"]!["logHelp"]!;
        var batch = (await world.Volunteer(_api, volunteer).Data("""
            mutation($c: ID!, $v: ID!, $h: [HelpInput!]!) {
              logHelps(campaignId: $c, volunteerId: $v, helps: $h) { recordId receipt { duplicate } error { code field } }
            }
            """, new
        {
            c = world.CampaignId,
            v = volunteer,
            h = new object[]
            {
                new { recordId = "d-2", service = "online-application", procedure = "MARITAL_STATUS", channel = "ONE_STOP_DESK", outcome = "DONE", minutes = 40 },
                new { recordId = "d-3", service = "cashless", channel = "DOOR_TO_DOOR", outcome = "FOLLOW_UP", minutes = 15, placeId = world.NeighbourhoodIds[0] },
            },
        }))["logHelps"]!.AsArray();
        var reconcile = await world.ReconcileWhenSettled(_api);

        Assert.False((bool)receipt["duplicate"]!);
        Assert.All(batch, r => Assert.Null(r!["error"]));
        Assert.True((bool)reconcile["exact"]!, reconcile.ToJsonString());
        Assert.Equal(3, (int)reconcile["records"]!);
        foreach (var scope in new string?[] { null, world.ProvinceId, world.DistrictId, world.WardIds[0], world.TeamIds[0], volunteer })
        {
            var counts = (await _api.Data("""
                query($c: ID!, $s: ID) { counts(campaignId: $c, scopeId: $s) { helps minutes averageMinutes byChannel { key count } byOutcome { key count } volunteersOnDuty placesCovered } }
                """, new { c = world.CampaignId, s = scope }))["counts"]!;
            Assert.Equal(3, (int)counts["helps"]!);
            Assert.Equal(80, (int)counts["minutes"]!);
            Assert.Equal(26.7, (double)counts["averageMinutes"]!);
            Assert.Equal(1, (int)counts["byOutcome"]!.AsArray().Single(o => (string)o!["key"]! == "follow-up")!["count"]!);
            Assert.Equal(1, (int)counts["volunteersOnDuty"]!);
            Assert.Equal(1, (int)counts["placesCovered"]!);
        }

        var shift = (await world.Volunteer(_api, volunteer).Data("mutation($c: ID!, $v: ID!) { checkOut(campaignId: $c, volunteerId: $v) { checkedOutAt place { name } } }",
            new { c = world.CampaignId, v = volunteer }))["checkOut"]!;
        Assert.NotNull((string?)shift["checkedOutAt"]);
        Assert.Equal("Bộ phận một cửa Cự Khê", (string)shift["place"]!["name"]!);
    }

    [Fact]
    public async Task A_retried_log_returns_the_same_receipt_and_counts_once()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[1][0];
        await world.CheckIn(_api, volunteer, world.NeighbourhoodIds[1]);

        var first = (await world.Log(_api, volunteer, World.Help("same-id"))).Body["data"]!["logHelp"]!;
        var retry = (await world.Log(_api, volunteer, World.Help("same-id"))).Body["data"]!["logHelp"]!;

        Assert.Equal((string)first["acceptedAt"]!, (string)retry["acceptedAt"]!);
        Assert.True((bool)retry["duplicate"]!);
        Assert.Equal(1, (int)(await world.ReconcileWhenSettled(_api))["records"]!);
    }

    [Fact]
    public async Task A_stored_record_resent_without_its_time_after_the_close_gets_its_receipt_not_a_conflict()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[0][0];
        await world.CheckIn(_api, volunteer, world.DeskIds[0]);
        var first = (await world.Log(_api, volunteer, World.Help("kept-before-close"))).Body["data"]!["logHelp"]!;
        await _api.Data("mutation($id: ID!) { closeCampaign(id: $id) { status } }", new { id = world.CampaignId });

        var resent = (await world.Log(_api, volunteer, World.Help("kept-before-close"))).Body["data"]!["logHelp"]!;
        var fresh = await World.Log(_api, world, volunteer, World.Help("made-after-close"));

        Assert.Equal((string)first["acceptedAt"]!, (string)resent["acceptedAt"]!);
        Assert.True((bool)resent["duplicate"]!);
        Assert.Equal(("CONFLICT", "campaignId"), (fresh.Code, fresh.Field));
    }

    [Fact]
    public async Task Counts_drill_down_from_the_campaign_to_units_teams_and_volunteers()
    {
        var world = await World.Create(_api);
        foreach (var (ward, team) in new[] { (0, 0), (1, 1) })
        {
            await world.CheckIn(_api, world.VolunteerIds[team][0], world.DeskIds[ward]);
        }
        await world.Log(_api, world.VolunteerIds[0][0], World.Help("dd-1"));
        await world.Log(_api, world.VolunteerIds[1][0], World.Help("dd-2"));
        await world.Log(_api, world.VolunteerIds[1][0], World.Help("dd-3"));
        await world.ReconcileWhenSettled(_api);

        var counts = (await _api.Data("""
            query($c: ID!) { counts(campaignId: $c) { scopeKind helps children { scopeId scopeKind helps children { scopeId helps children { scopeId scopeKind helps } } } } }
            """, new { c = world.CampaignId }))["counts"]!;

        Assert.Equal("CAMPAIGN", (string)counts["scopeKind"]!);
        var province = counts["children"]!.AsArray().Single()!;
        Assert.Equal((world.ProvinceId, 3), ((string)province["scopeId"]!, (int)province["helps"]!));
        var wards = province["children"]!.AsArray().Single()!["children"]!.AsArray();
        Assert.Equal([1, 2], wards.OrderBy(w => (string)w!["scopeId"]! == world.WardIds[0] ? 0 : 1).Select(w => (int)w!["helps"]!));
        var teams = (await _api.Data("query($c: ID!, $s: ID) { counts(campaignId: $c, scopeId: $s) { children { scopeId scopeKind helps children { scopeKind helps } } } }",
            new { c = world.CampaignId, s = world.WardIds[1] }))["counts"]!["children"]!.AsArray();
        Assert.Equal("TEAM", (string)teams.Single()!["scopeKind"]!);
        Assert.Equal(2, teams.Single()!["children"]!.AsArray().Where(v => (string)v!["scopeKind"]! == "VOLUNTEER").Sum(v => (int)v!["helps"]!));
    }
}

using Volunteers.Tests.Core;

namespace Volunteers.Tests.Access;

public sealed class PrivacyAndAuditTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task A_volunteer_exports_their_own_data()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[0][0];
        await world.CheckIn(_api, volunteer, world.DeskIds[0]);
        await world.Log(_api, volunteer, World.Help("mine-1", minutes: 12));

        var data = (await world.Volunteer(_api, volunteer).Data("{ myData { volunteer { id name phone } days { campaign { id } shift { placeId } counts { helps minutes } } } }"))["myData"]!;

        Assert.Equal(volunteer, (string)data["volunteer"]!["id"]!);
        Assert.NotNull((string?)data["volunteer"]!["phone"]);
        var day = data["days"]!.AsArray().Single()!;
        Assert.Equal((world.CampaignId, world.DeskIds[0], 1, 12), ((string)day["campaign"]!["id"]!, (string)day["shift"]!["placeId"]!, (int)day["counts"]!["helps"]!, (int)day["counts"]!["minutes"]!));
    }

    [Fact]
    public async Task Deleting_an_account_forgets_the_person_and_keeps_every_count()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[1][0];
        await world.CheckIn(_api, volunteer, world.DeskIds[1]);
        await world.Log(_api, volunteer, World.Help("kept-1"));
        await world.Log(_api, volunteer, World.Help("kept-2"));
        const string Counts = "query($c: ID!) { counts(campaignId: $c) { helps minutes byService { key count } } reconcile(campaignId: $c) { exact records } }";
        await world.ReconcileWhenSettled(_api);
        var before = (await _api.Data(Counts, new { c = world.CampaignId })).ToJsonString();

        await world.Volunteer(_api, volunteer).Data("mutation { deleteMyAccount(reason: \"moving away\") }");
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[1]);
        var profile = (await official.Data("query($v: ID!) { volunteer(id: $v) { name phone branch } }", new { v = volunteer }))["volunteer"]!;
        var after = (await _api.Data(Counts, new { c = world.CampaignId })).ToJsonString();

        Assert.Equal(before, after);
        Assert.Equal(Volunteers.Teams.VolunteerGrain.ForgottenName, (string)profile["name"]!);
        Assert.Null((string?)profile["phone"]);
        Assert.Null((string?)profile["branch"]);
    }

    [Fact]
    public async Task A_phone_number_shows_to_the_leader_and_the_official_and_no_one_else()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[0][1];
        const string Phone = "query($v: ID!) { volunteer(id: $v) { phone } }";
        var leader = await World.Staff(_api, "LEADER", world.TeamIds[0]);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        var teammate = world.Volunteer(_api, world.VolunteerIds[0][0]);

        async Task<string?> PhoneAs(GraphQLClient client) => (string?)(await client.Data(Phone, new { v = volunteer }))["volunteer"]!["phone"];

        Assert.NotNull(await PhoneAs(leader));
        Assert.NotNull(await PhoneAs(official));
        Assert.NotNull(await PhoneAs(world.Volunteer(_api, volunteer)));
        Assert.Null(await PhoneAs(teammate));
        Assert.Null(await PhoneAs(_api));
    }

    [Fact]
    public async Task Assignments_and_new_accounts_are_audited_for_the_organiser_and_the_wards_official_alone()
    {
        var world = await World.Create(_api);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        await official.Data("mutation($c: ID!, $p: ID!, $t: ID!) { unassignPlace(campaignId: $c, placeId: $p, teamId: $t, reason: \"road flooded\") { placeId } }",
            new { c = world.CampaignId, p = world.NeighbourhoodIds[0], t = world.TeamIds[0] });
        const string Audit = "query($u: ID!) { auditLog(unitId: $u) { actor action scopePath details reason } }";

        var events = (await _api.Data(Audit, new { u = world.DistrictId }))["auditLog"]!.AsArray();
        var ward = (await official.Data(Audit, new { u = world.WardIds[0] }))["auditLog"]!.AsArray();
        var refused = await official.Error(Audit, new { u = world.DistrictId });

        var unassign = events.Single(e => (string)e!["action"]! == "Mutation.unassignPlace")!;
        Assert.Equal("road flooded", (string)unassign["reason"]!);
        Assert.Contains(world.WardIds[0], (string)unassign["scopePath"]!, StringComparison.Ordinal);
        Assert.Contains(world.NeighbourhoodIds[0], (string)unassign["details"]!, StringComparison.Ordinal);
        Assert.StartsWith("user:official-", (string)unassign["actor"]!, StringComparison.Ordinal);
        Assert.Contains(events, e => (string)e!["action"]! == "Mutation.createAccount");
        // The official reads the ward's part of the trail, not the district's around it.
        Assert.Contains(ward, e => (string)e!["action"]! == "Mutation.unassignPlace" && (string)e["reason"]! == "road flooded");
        Assert.All(ward, e => Assert.Contains(world.WardIds[0], (string)e!["scopePath"]!, StringComparison.Ordinal));
        Assert.Equal(("FORBIDDEN", "Query.auditLog"), (refused.Code, refused.Field));
    }

    [Fact]
    public async Task A_public_campaign_shows_its_figures_to_anyone_and_nothing_else()
    {
        var world = await World.Create(_api);
        var publicCampaign = (string)(await _api.Data("""
            mutation($w: [ID!]!) { createCampaign(input: { name: "Công khai", date: "2026-09-02", startsAt: "08:00:00", endsAt: "11:00:00", wardIds: $w, isPublic: true }) { id } }
            """, new { w = world.WardIds }))["createCampaign"]!["id"]!;
        var anonymous = factory.Anonymous();

        var counts = await anonymous.Data("query($c: ID!) { counts(campaignId: $c) { helps } campaigns { id } }", new { c = publicCampaign });
        var privateCounts = await anonymous.Error("query($c: ID!) { counts(campaignId: $c) { helps } }", new { c = world.CampaignId });
        var team = await anonymous.Error("query($t: ID!) { team(id: $t) { name } }", new { t = world.TeamIds[0] });

        Assert.Equal([publicCampaign], counts["campaigns"]!.AsArray().Select(c => (string)c!["id"]!).Where(id => id == publicCampaign || id == world.CampaignId));
        Assert.Equal("UNAUTHENTICATED", privateCounts.Code);
        Assert.Equal("UNAUTHENTICATED", team.Code);
    }
}

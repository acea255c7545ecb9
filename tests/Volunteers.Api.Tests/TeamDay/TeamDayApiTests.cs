using System.Text.Json.Nodes;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.TeamDay;

/// <summary>An official's and a team leader's day over the API: reviewing and voiding records, splitting places, rosters claimed by joining.</summary>
public sealed class TeamDayApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Records =
        "query($c: ID!, $s: ID!) { helpRecords(campaignId: $c, scopeId: $s) { recordId volunteerId volunteer { name } place { name } service channel outcome minutes occurredAt voided voidReason } }";
    private const string VoidHelp =
        "mutation($c: ID!, $v: ID!, $r: ID!, $why: String!) { voidHelp(campaignId: $c, volunteerId: $v, recordId: $r, reason: $why) { alreadyVoided } }";
    private const string AssignMember =
        "mutation($c: ID!, $t: ID!, $v: ID!, $p: ID!) { assignMember(campaignId: $c, teamId: $t, volunteerId: $v, placeId: $p, reason: \"chia địa bàn\") { volunteerId placeId } }";
    private const string AssignedPlace = "query($v: ID!, $c: ID!) { volunteer(id: $v) { assignedPlace(campaignId: $c) { id name } } }";
    private const string Join = """
        mutation($code: String!, $phone: String!) { joinTeam(inviteCode: $code, name: "Người Tự Nhập", phone: $phone, pin: "246810") { account { scopeId } } }
        """;

    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task Records_are_listed_to_the_wards_official_the_teams_leader_and_the_volunteer_and_a_void_shows_with_its_reason()
    {
        var world = await World.Create(_api);
        var (first, second) = (world.VolunteerIds[0][0], world.VolunteerIds[0][1]);
        await world.CheckIn(_api, first, world.DeskIds[0]);
        await world.CheckIn(_api, second, world.DeskIds[0]);
        await world.Log(_api, first, World.Help("rec-1", "cashless", 12));
        await world.Log(_api, second, World.Help("rec-2"));
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        var leader = await World.Staff(_api, "LEADER", world.TeamIds[0]);
        var otherLeader = await World.Staff(_api, "LEADER", world.TeamIds[1]);

        await leader.Data(VoidHelp, new { c = world.CampaignId, v = second, r = "rec-2", why = "Ghi nhầm dịch vụ" });
        var ward = (await official.Data(Records, new { c = world.CampaignId, s = world.WardIds[0] }))["helpRecords"]!.AsArray();
        var team = (await leader.Data(Records, new { c = world.CampaignId, s = world.TeamIds[0] }))["helpRecords"]!.AsArray();
        var own = (await world.Volunteer(_api, first).Data(Records, new { c = world.CampaignId, s = first }))["helpRecords"]!.AsArray();

        Assert.Equal(["rec-2", "rec-1"], ward.Select(r => (string)r!["recordId"]!));
        Assert.Equal(["rec-2", "rec-1"], team.Select(r => (string)r!["recordId"]!));
        var mine = Assert.Single(own)!;
        Assert.Equal(("rec-1", "cashless", 12, false, "Bộ phận một cửa Cự Khê"),
            ((string)mine["recordId"]!, (string)mine["service"]!, (int)mine["minutes"]!, (bool)mine["voided"]!, (string)mine["place"]!["name"]!));
        var voided = ward.Single(r => (string)r!["recordId"]! == "rec-2")!;
        Assert.Equal((true, "Ghi nhầm dịch vụ"), ((bool)voided["voided"]!, (string)voided["voidReason"]!));

        // Out of reach: another team's leader, the organiser (who corrects nothing), a volunteer asking for their team, a district.
        var refusals = new[]
        {
            await otherLeader.Error(Records, new { c = world.CampaignId, s = world.TeamIds[0] }),
            await _api.Error(Records, new { c = world.CampaignId, s = world.WardIds[0] }),
            await world.Volunteer(_api, first).Error(Records, new { c = world.CampaignId, s = world.TeamIds[0] }),
            await official.Error(Records, new { c = world.CampaignId, s = world.WardIds[1] }),
        };
        Assert.All(refusals, e => Assert.Equal(("FORBIDDEN", "Query.helpRecords"), (e.Code, e.Field)));
        var district = await _api.Error(Records, new { c = world.CampaignId, s = world.DistrictId });
        Assert.Equal("FORBIDDEN", district.Code);
    }

    [Fact]
    public async Task A_leader_gives_a_member_a_place_of_the_team_the_member_sees_it_and_the_official_reads_it_in_the_trail()
    {
        var world = await World.Create(_api);
        var member = world.VolunteerIds[0][0];
        var leader = await World.Staff(_api, "LEADER", world.TeamIds[0]);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);

        var assigned = (await leader.Data(AssignMember, new { c = world.CampaignId, t = world.TeamIds[0], v = member, p = world.NeighbourhoodIds[0] }))["assignMember"]!;
        var seen = (await world.Volunteer(_api, member).Data(AssignedPlace, new { v = member, c = world.CampaignId }))["volunteer"]!["assignedPlace"]!;
        var unassigned = await world.Volunteer(_api, world.VolunteerIds[0][1]).Data(AssignedPlace, new { v = world.VolunteerIds[0][1], c = world.CampaignId });
        var trail = (await official.Data("query($u: ID!) { auditLog(unitId: $u, action: \"Mutation.assignMember\") { actor target details } }",
            new { u = world.WardIds[0] }))["auditLog"]!.AsArray();

        Assert.Equal(world.NeighbourhoodIds[0], (string)Assert.Single(assigned.AsArray())!["placeId"]!);
        Assert.Equal(("Thôn Cự Đà", world.NeighbourhoodIds[0]), ((string)seen["name"]!, (string)seen["id"]!));
        Assert.Null(unassigned["volunteer"]!["assignedPlace"]);
        var entry = Assert.Single(trail)!;
        Assert.Equal(world.TeamIds[0], (string)entry["target"]!);
        Assert.Contains(member, (string)entry["details"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leader_cannot_give_a_member_of_another_team_or_a_place_the_team_does_not_hold_and_each_refusal_names_its_field()
    {
        var world = await World.Create(_api);
        var leader = await World.Staff(_api, "LEADER", world.TeamIds[0]);

        var stranger = await leader.Error(AssignMember, new { c = world.CampaignId, t = world.TeamIds[0], v = world.VolunteerIds[1][0], p = world.DeskIds[0] });
        var notOurs = await leader.Error(AssignMember, new { c = world.CampaignId, t = world.TeamIds[0], v = world.VolunteerIds[0][0], p = world.DeskIds[1] });
        var otherTeam = await leader.Error(AssignMember, new { c = world.CampaignId, t = world.TeamIds[1], v = world.VolunteerIds[1][0], p = world.DeskIds[1] });

        Assert.Equal(("INVALID", "volunteerId"), (stranger.Code, stranger.Field));
        Assert.Equal(("PLACE_NOT_ASSIGNED", "placeId"), (notOurs.Code, notOurs.Field));
        Assert.Equal(("FORBIDDEN", "Mutation.assignMember"), (otherTeam.Code, otherTeam.Field));
    }

    [Fact]
    public async Task Joining_with_the_phone_of_an_added_volunteer_claims_that_entry_once()
    {
        var world = await World.Create(_api);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        var phone = $"09{Random.Shared.Next(10_000_000, 99_999_999)}";
        var added = (string)(await official.Data("mutation($t: ID!, $p: String!) { addVolunteer(teamId: $t, name: \"Phạm Thị Hoa\", phone: $p) { id } }",
            new { t = world.TeamIds[0], p = phone }))["addVolunteer"]!["id"]!;
        var code = await InviteCode(world, 0);

        var joined = (await factory.Anonymous().Data(Join, new { code, phone = "+84" + phone[1..] }))["joinTeam"]!;
        // Joining again with the phone's PIN signs the same volunteer in (as signInVolunteer would), adding no one.
        var again = (await factory.Anonymous().Data(Join, new { code, phone }))["joinTeam"]!;
        var roster = (await official.Data("query($t: ID!) { team(id: $t) { volunteers { id name } } }", new { t = world.TeamIds[0] }))["team"]!["volunteers"]!.AsArray();
        var signedIn = await factory.Anonymous().Data("mutation($p: String!) { signInVolunteer(phone: $p, pin: \"246810\") { account { scopeId } } }", new { p = phone });

        Assert.Equal(added, (string)joined["account"]!["scopeId"]!);
        Assert.Equal(added, (string)again["account"]!["scopeId"]!);
        Assert.Equal(3, roster.Count);
        Assert.Equal("Phạm Thị Hoa", (string)roster.Single(v => (string)v!["id"]! == added)!["name"]!);
        Assert.Equal(added, (string)signedIn["signInVolunteer"]!["account"]!["scopeId"]!);
    }

    [Fact]
    public async Task Joining_with_the_phone_of_an_imported_volunteer_claims_that_entry_and_a_new_phone_adds_a_member()
    {
        var world = await World.Create(_api);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        var phone = $"09{Random.Shared.Next(10_000_000, 99_999_999)}";
        await official.Data("mutation($csv: String!) { importVolunteers(csv: $csv, wait: true) { created } }",
            new { csv = $"team,name,phone,branch\n{world.TeamIds[0]},Đỗ Văn Nhập,{phone},Chi đoàn 1\n" });
        var code = await InviteCode(world, 0);

        var claimed = (string)(await factory.Anonymous().Data(Join, new { code, phone }))["joinTeam"]!["account"]!["scopeId"]!;
        var fresh = (string)(await factory.Anonymous().Data(Join, new { code, phone = $"08{Random.Shared.Next(10_000_000, 99_999_999)}" }))["joinTeam"]!["account"]!["scopeId"]!;
        var roster = (await official.Data("query($t: ID!) { team(id: $t) { volunteers { id name } } }", new { t = world.TeamIds[0] }))["team"]!["volunteers"]!.AsArray();

        Assert.Equal("Đỗ Văn Nhập", (string)roster.Single(v => (string)v!["id"]! == claimed)!["name"]!);
        Assert.Contains(roster, v => (string)v!["id"]! == fresh);
        Assert.Equal(4, roster.Count);
    }

    [Fact]
    public async Task An_official_reads_the_wards_trail_and_no_other()
    {
        var world = await World.Create(_api);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        await official.Data("mutation($t: ID!) { rotateInvite(teamId: $t, reason: \"lộ mã\") { code } }", new { t = world.TeamIds[0] });

        var own = (await official.Data("query($u: ID!, $c: ID) { auditLog(unitId: $u, campaignId: $c) { action reason } }", new { u = world.WardIds[0], c = (string?)null }))["auditLog"]!.AsArray();
        var other = await official.Error("query($u: ID!) { auditLog(unitId: $u) { action } }", new { u = world.WardIds[1] });
        var campaign = await official.Error("query($c: ID!) { auditLog(campaignId: $c) { action } }", new { c = world.CampaignId });

        Assert.Contains(own, e => (string)e!["action"]! == "Mutation.rotateInvite" && (string)e["reason"]! == "lộ mã");
        Assert.Equal(("FORBIDDEN", "Query.auditLog"), (other.Code, other.Field));
        Assert.Equal(("FORBIDDEN", "Query.auditLog"), (campaign.Code, campaign.Field));
    }

    private async Task<string> InviteCode(World world, int team) =>
        (string)(await _api.Data("query($t: ID!) { teamInvite(teamId: $t) { code } }", new { t = world.TeamIds[team] }))["teamInvite"]!["code"]!;
}

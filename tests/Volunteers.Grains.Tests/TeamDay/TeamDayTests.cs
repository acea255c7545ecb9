using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Volunteers.Accounts;
using Volunteers.Assignments;
using Volunteers.Reports;
using Volunteers.Teams;

namespace Volunteers.Tests.TeamDay;

/// <summary>A leader's split of the team's places, the records a ward reviews, and roster entries found by phone.</summary>
public abstract class TeamDayTests(ClusterFixture fixture)
{
    private IMemberAssignmentsGrain Members(CampaignScenario scenario, CampaignScenario.Team team) =>
        fixture.Grains.GetGrain<IMemberAssignmentsGrain>(Ids.Scoped(scenario.CampaignId, team.Id));

    [Fact]
    public async Task A_member_gets_one_of_the_teams_places_and_a_second_assignment_replaces_the_first()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var team = scenario.Teams.First();
        var member = team.VolunteerIds[0];

        await Members(scenario, team).Assign(member, team.Ward.DeskId);
        var after = await Members(scenario, team).Assign(member, team.Ward.NeighbourhoodId);

        Assert.Equal(new MemberAssignment(member, team.Ward.NeighbourhoodId), Assert.Single(after));
        Assert.Empty(await Members(scenario, team).Unassign(member));
    }

    [Fact]
    public async Task Only_a_member_of_the_team_and_only_a_place_of_the_team_are_accepted_each_refusal_naming_its_field()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var team = scenario.Teams.First();
        var other = scenario.Teams.Last();

        var stranger = await Assert.ThrowsAsync<DomainException>(() => Members(scenario, team).Assign(other.VolunteerIds[0], team.Ward.DeskId));
        var elsewhere = await Assert.ThrowsAsync<DomainException>(() => Members(scenario, team).Assign(team.VolunteerIds[0], other.Ward.DeskId));

        Assert.Equal(("INVALID", "volunteerId"), (stranger.Code, stranger.Field));
        Assert.Equal(("PLACE_NOT_ASSIGNED", "placeId"), (elsewhere.Code, elsewhere.Field));
        Assert.Empty(await Members(scenario, team).List());
    }

    [Fact]
    public async Task A_place_the_ward_takes_from_the_team_stops_being_its_members()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var team = scenario.Teams.First();
        await Members(scenario, team).Assign(team.VolunteerIds[0], team.Ward.DeskId);
        await Members(scenario, team).Assign(team.VolunteerIds[1], team.Ward.NeighbourhoodId);

        await fixture.Grains.GetGrain<IWardAssignmentsGrain>(Ids.Scoped(scenario.CampaignId, team.Ward.Id)).Unassign(team.Ward.DeskId, team.Id);

        Assert.Equal(new MemberAssignment(team.VolunteerIds[1], team.Ward.NeighbourhoodId), Assert.Single(await Members(scenario, team).List()));
    }

    [Fact]
    public async Task A_closed_campaign_keeps_its_member_assignments_as_they_were()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var team = scenario.Teams.First();
        await scenario.Campaign.Close(null);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Members(scenario, team).Assign(team.VolunteerIds[0], team.Ward.DeskId));

        Assert.Equal(("CONFLICT", "campaignId"), (refused.Code, refused.Field));
    }

    [Fact]
    public async Task A_ward_team_or_volunteer_lists_its_own_records_newest_first_with_voids_marked()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, volunteersPerTeam: 2);
        await scenario.CheckEveryoneIn();
        var team = scenario.Teams.First();
        var (first, second) = (team.VolunteerIds[0], team.VolunteerIds[1]);
        // Within the shifts just begun, a few milliseconds apart: the order is the time the help happened, not the order sent.
        var at = DateTimeOffset.UtcNow;
        await scenario.Day(first).Log([CampaignScenario.Help("r-old") with { OccurredAt = at }, CampaignScenario.Help("r-new") with { OccurredAt = at.AddMilliseconds(40) }]);
        await scenario.Day(second).Log([CampaignScenario.Help("r-mid") with { OccurredAt = at.AddMilliseconds(20) }]);
        var elsewhere = scenario.Teams.Last().VolunteerIds[0];
        await scenario.Day(elsewhere).Log([CampaignScenario.Help("r-far")]);
        await scenario.Day(first).Void("r-old", "Nhập nhầm", "leader");
        var ledger = fixture.Grains.GetGrain<ICampaignLedgerGrain>(scenario.CampaignId);

        var ward = await ledger.Records(new RecordScope(team.Ward.Id, null, null), 10);
        var volunteer = await ledger.Records(new RecordScope(team.Ward.Id, team.Id, first), 10);
        var newest = await ledger.Records(new RecordScope(team.Ward.Id, team.Id, null), 1);

        Assert.Equal(["r-new", "r-mid", "r-old"], ward.Select(r => r.Record.RecordId));
        Assert.Equal(["r-new", "r-old"], volunteer.Select(r => r.Record.RecordId));
        Assert.Equal("r-new", Assert.Single(newest).Record.RecordId);
        var voided = volunteer.Single(r => r.Record.RecordId == "r-old");
        Assert.Equal("Nhập nhầm", voided.VoidReason);
        Assert.NotNull(voided.VoidedAt);
        Assert.Null(volunteer.Single(r => r.Record.RecordId == "r-new").VoidedAt);
        var tooMany = await Assert.ThrowsAsync<DomainException>(() => ledger.Records(new RecordScope(team.Ward.Id, null, null), LedgerRecord.MaxListed + 1));
        Assert.Equal(("INVALID", "limit"), (tooMany.Code, tooMany.Field));
    }

    [Fact]
    public async Task A_roster_entry_is_found_by_its_phone_written_either_way()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var team = scenario.Teams.First();
        var added = await fixture.Grains.GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer)).Create(new NewVolunteer("Trần Bình", "0912000003", null, team.Id));
        var grain = fixture.Grains.GetGrain<ITeamGrain>(team.Id);

        Assert.Equal(added.Id, await grain.MemberWithPhone("+84912000003"));
        Assert.Equal(added.Id, await grain.MemberWithPhone("0912 000 003"));
        Assert.Null(await grain.MemberWithPhone("0912000004"));
        Assert.Null(await fixture.Grains.GetGrain<ITeamGrain>(scenario.Teams.Last().Id).MemberWithPhone("0912000003"));
        var bad = await Assert.ThrowsAsync<DomainException>(() => grain.MemberWithPhone("12345"));
        Assert.Equal(("INVALID", "phone"), (bad.Code, bad.Field));
        Assert.Equal(Logins.OfPhone("0912000003"), Logins.OfPhone("+84912000003"));
    }

    [Fact]
    public async Task A_phone_the_team_read_before_is_not_claimed_once_forgotten_and_an_entry_listed_before_it_is_written_is_found_after()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var team = fixture.Grains.GetGrain<ITeamGrain>(scenario.Teams.First().Id);
        var forgotten = await fixture.Grains.GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer)).Create(new NewVolunteer("Lê Cúc", "0912000005", null, scenario.Teams.First().Id));
        Assert.Equal(forgotten.Id, await team.MemberWithPhone("0912000005"));
        await fixture.Grains.GetGrain<IVolunteerGrain>(forgotten.Id).Forget();
        Assert.Null(await team.MemberWithPhone("0912000005"));

        // An import lists its volunteers on the roster before it writes them; the team asked while the entry was empty.
        var listed = Ids.New(Ids.Volunteer);
        await team.AddVolunteers([listed]);
        Assert.Null(await team.MemberWithPhone("0912000006"));
        await fixture.Grains.GetGrain<IVolunteerGrain>(listed).CreateListed(new NewVolunteer("Phạm Dũng", "0912000006", null, scenario.Teams.First().Id));
        Assert.Equal(listed, await team.MemberWithPhone("+84912000006"));
    }

    [Fact]
    public async Task Volunteers_added_together_share_roster_writes_each_durable_when_answered_and_the_size_still_holds()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var teamId = scenario.Teams.First().Id;
        var team = fixture.Grains.GetGrain<ITeamGrain>(teamId);
        var before = (await Stored(teamId)).Writes;
        var together = Enumerable.Range(0, 60).Select(_ => Ids.New(Ids.Volunteer)).ToList();

        Task added;
        using (fixture.HeldWrites.Of("team"))
        {
            added = Task.WhenAll(together.Select(async id =>
            {
                await team.AddVolunteer(id);
                // Answered only once a write that carries it is stored.
                Assert.Contains(id, (await Stored(teamId)).Roster);
            }));
            // Get interleaves with the adds and comes after them, so by its answer they wait behind the first one's write.
            await team.Get();
        }
        await added;

        Assert.Equal(scenario.Teams.First().VolunteerIds.Concat(together).Order(), (await team.Get())!.VolunteerIds.Order());
        Assert.InRange((await Stored(teamId)).Writes - before, 1, together.Count - 1);

        var room = TeamInfo.MaxMembers - (await team.Get())!.VolunteerIds.Length;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, room + 5).Select(async _ =>
        {
            try
            {
                await team.AddVolunteer(Ids.New(Ids.Volunteer));
                return default((string Code, string Field)?);
            }
            catch (DomainException refused)
            {
                return (refused.Code, refused.Field);
            }
        }));
        Assert.Equal(room, outcomes.Count(o => o is null));
        Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal(("INVALID", "teamId"), o!.Value));
        Assert.Equal(TeamInfo.MaxMembers, (await team.Get())!.VolunteerIds.Length);
    }

    /// <summary>The team as its storage holds it, read past the grain: the roster and how many writes made it (its ETag).</summary>
    private async Task<(ImmutableArray<string> Roster, int Writes)> Stored(string teamId)
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        var stored = new GrainState<TeamState>();
        await storage.ReadStateAsync("team", GrainId.Create("team", teamId), stored);
        return (stored.State!.Team!.VolunteerIds, int.Parse(stored.ETag!, CultureInfo.InvariantCulture));
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteTeamDayTests(ClusterFixture fixture) : TeamDayTests(fixture);

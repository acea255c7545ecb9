using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Assignments;
using Volunteers.Tallies;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Tests.RollUp;

/// <summary>
/// A cluster of its own: its silo loses every level's report to the levels a test names, as a report one-way to a
/// silo that dies is lost, and its levels ask their children every half second.
/// </summary>
public sealed class LosingReportsCluster : ClusterFixture
{
    public static readonly TimeSpan AskLevelsEvery = TimeSpan.FromMilliseconds(500);

    private int _lost;

    public ConcurrentDictionary<string, bool> LosingTo { get; } = new();

    public int Lost => Volatile.Read(ref _lost);

    protected override void Configure(ISiloBuilder silo)
    {
        silo.Services.Configure<RollUpOptions>(options => options.AskLevelsEvery = AskLevelsEvery);
        silo.AddIncomingGrainCallFilter(async call =>
        {
            if (call.InterfaceMethod.Name == nameof(ITallyGrain.ReportFromLevel) && LosingTo.ContainsKey(call.TargetId.Key.ToString()!))
            {
                Interlocked.Increment(ref _lost);
                return;
            }
            await call.Invoke();
        });
    }
}

public sealed class LostReportTests(LosingReportsCluster fixture) : IClassFixture<LosingReportsCluster>
{
    [Fact]
    public async Task A_ward_that_never_hears_its_teams_reports_still_counts_their_helps_by_asking()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 2, volunteersPerTeam: 2);
        var team = scenario.Teams.First();
        var ward = scenario.Level(team.Ward.Id);
        await scenario.CheckEveryoneIn();
        await Eventually.Holds(async () => (await ward.Held()) is { Pending: 0 } held && held.OnDuty == team.Ward.Teams.Sum(t => t.VolunteerIds.Count));

        fixture.LosingTo[((GrainReference)ward).GrainId.Key.ToString()!] = true;
        foreach (var volunteerId in team.VolunteerIds)
        {
            await scenario.Day(volunteerId).Log([CampaignScenario.Help($"lost-{volunteerId}")]);
        }

        // The team hears its volunteers; the ward, whose every report from its teams is lost, counts the helps by asking.
        await Eventually.Holds(async () => (await scenario.Level(team.Id).Held()).Helps == team.VolunteerIds.Count);
        await Eventually.Holds(() => Task.FromResult(fixture.Lost > 0));
        await Eventually.Holds(async () => (await ward.Held()).Helps == team.VolunteerIds.Count);
    }

    [Fact]
    public async Task A_ward_asks_a_team_made_after_it_activated_too()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 1, volunteersPerTeam: 1);
        var wardOf = scenario.Wards[0];
        var ward = scenario.Level(wardOf.Id);
        await scenario.CheckEveryoneIn();
        await Eventually.Holds(async () => (await ward.Held()) is { Pending: 0, OnDuty: 1 });

        fixture.LosingTo[((GrainReference)ward).GrainId.Key.ToString()!] = true;
        var team = await fixture.Grains.GetGrain<ITeamGrain>(Ids.New(Ids.Team)).Create("Tổ mới", wardOf.Id);
        var volunteer = await fixture.Grains.GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer)).Create(new NewVolunteer("TNV mới", "0977000001", null, team.Id));
        await fixture.Grains.GetGrain<IWardAssignmentsGrain>(Ids.Scoped(scenario.CampaignId, wardOf.Id)).Assign(wardOf.DeskId, team.Id);
        await scenario.Day(volunteer.Id).CheckIn(wardOf.DeskId);
        await scenario.Day(volunteer.Id).Log([CampaignScenario.Help("late-team-help")]);

        await Eventually.Holds(async () => (await scenario.Level(team.Id).Held()).Helps == 1);
        await Eventually.Holds(() => Task.FromResult(fixture.Lost > 0));
        await Eventually.Holds(async () => (await ward.Held()) is { Helps: 1, OnDuty: 2 });
    }
}

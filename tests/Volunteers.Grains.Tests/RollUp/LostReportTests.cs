using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Assignments;
using Volunteers.Places;
using Volunteers.Tallies;
using Volunteers.Teams;

namespace Volunteers.Tests.RollUp;

/// <summary>
/// A cluster of its own: its silo loses every level's report to the levels a test names, as a report one-way to a
/// silo that dies is lost, and its levels ask their children every half second.
/// </summary>
public sealed class LosingReportsCluster : ClusterFixture
{
    public static readonly TimeSpan AskLevelsEvery = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, int> _lost = new();

    /// <summary>Loses from now on every level's report to <paramref name="level"/>.</summary>
    public void LoseReportsTo(ITallyGrain level) => _lost.TryAdd(Key(level), 0);

    /// <summary>How many reports to <paramref name="level"/> were lost.</summary>
    public int LostTo(ITallyGrain level) => _lost.GetValueOrDefault(Key(level));

    private readonly ConcurrentDictionary<string, bool> _unreadable = new();

    /// <summary>Fails from now on every read of the unit <paramref name="unitId"/>, as when its silo has just died.</summary>
    public void FailReadsOf(string unitId) => _unreadable.TryAdd(unitId, true);

    private static string Key(ITallyGrain level) => ((GrainReference)level).GrainId.Key.ToString()!;

    protected override void Configure(ISiloBuilder silo)
    {
        silo.Services.Configure<RollUpOptions>(options => options.AskLevelsEvery = AskLevelsEvery);
        silo.AddIncomingGrainCallFilter(async call =>
        {
            var target = call.TargetId.Key.ToString()!;
            if (call.InterfaceMethod.Name == nameof(ITallyGrain.ReportFromLevel) && _lost.ContainsKey(target))
            {
                _lost.AddOrUpdate(target, 1, (_, n) => n + 1);
                return;
            }
            if (call.InterfaceMethod.DeclaringType == typeof(IUnitGrain) && call.InterfaceMethod.Name == nameof(IUnitGrain.Get) && _unreadable.ContainsKey(target))
            {
                throw new InvalidOperationException($"Unit {target} is unreachable in this test.");
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
        var (scenario, ward) = await WholeWard(teamsPerWard: 2, volunteersPerTeam: 2);
        var team = scenario.Teams.First();

        fixture.LoseReportsTo(ward);
        foreach (var volunteerId in team.VolunteerIds)
        {
            await scenario.Day(volunteerId).Log([CampaignScenario.Help($"lost-{volunteerId}")]);
        }

        // The team hears its volunteers; the ward, whose every report from its teams is lost, counts the helps by asking.
        await Eventually.Holds(async () => (await scenario.Level(team.Id).Held()).Helps == team.VolunteerIds.Count);
        await Eventually.Holds(() => Task.FromResult(fixture.LostTo(ward) > 0));
        await Eventually.Holds(async () => (await ward.Held()).Helps == team.VolunteerIds.Count);
    }

    [Fact]
    public async Task A_ward_asks_a_team_made_after_it_activated_too()
    {
        var (scenario, ward) = await WholeWard(teamsPerWard: 1, volunteersPerTeam: 1);
        var wardOf = scenario.Wards[0];

        fixture.LoseReportsTo(ward);
        var team = await fixture.Grains.GetGrain<ITeamGrain>(Ids.New(Ids.Team)).Create("Tổ mới", wardOf.Id);
        var volunteer = await fixture.Grains.GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer)).Create(new NewVolunteer("TNV mới", "0977000001", null, team.Id));
        await fixture.Grains.GetGrain<IWardAssignmentsGrain>(Ids.Scoped(scenario.CampaignId, wardOf.Id)).Assign(wardOf.DeskId, team.Id);
        await scenario.Day(volunteer.Id).CheckIn(wardOf.DeskId);
        await scenario.Day(volunteer.Id).Log([CampaignScenario.Help("late-team-help")]);

        await Eventually.Holds(async () => (await scenario.Level(team.Id).Held()).Helps == 1);
        await Eventually.Holds(() => Task.FromResult(fixture.LostTo(ward) > 0));
        await Eventually.Holds(async () => (await ward.Held()) is { Helps: 1, OnDuty: 2 });
    }

    [Fact]
    public async Task A_ward_that_cannot_read_its_teams_still_asks_those_it_knows()
    {
        var (scenario, ward) = await WholeWard(teamsPerWard: 1, volunteersPerTeam: 1);

        fixture.FailReadsOf(scenario.Wards[0].Id);
        fixture.LoseReportsTo(ward);
        await scenario.Day(scenario.VolunteerIds.First()).Log([CampaignScenario.Help("unread-ward-help")]);

        await Eventually.Holds(() => Task.FromResult(fixture.LostTo(ward) > 0));
        await Eventually.Holds(async () => (await ward.Held()).Helps == 1);
    }

    /// <summary>A running campaign whose first ward's level holds every team, with everyone on duty.</summary>
    private async Task<(CampaignScenario Scenario, ITallyGrain Ward)> WholeWard(int teamsPerWard, int volunteersPerTeam)
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard, volunteersPerTeam);
        var ward = scenario.Level(scenario.Wards[0].Id);
        await scenario.CheckEveryoneIn();
        var onDuty = scenario.Wards[0].Teams.Sum(t => t.VolunteerIds.Count);
        await Eventually.Holds(async () => (await ward.Held()) is { Pending: 0 } held && held.OnDuty == onDuty);
        return (scenario, ward);
    }
}

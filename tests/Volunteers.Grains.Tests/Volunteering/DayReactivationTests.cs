using Volunteers.Tallies;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Tests.Volunteering;

public sealed class DayReactivationTests(CallCountingCluster fixture) : IClassFixture<CallCountingCluster>
{
    [Fact]
    public async Task A_day_collected_between_helps_logs_the_next_to_its_team_without_asking_the_volunteer_again()
    {
        var (scenario, volunteerId, team, day) = await CheckedIn();
        await day.Log([CampaignScenario.Help("before-collection")]);
        Assert.True((await scenario.ReconcileWhenSettled()).Exact);
        var asked = fixture.Calls<IVolunteerGrain>(nameof(IVolunteerGrain.Get), volunteerId);

        await CollectedForGood(day);
        var after = (await day.Log([CampaignScenario.Help("after-collection")]))[0];

        Assert.True(asked > 0, "the first load learns the volunteer's team from the volunteer");
        Assert.NotNull(after.Receipt);
        Assert.Equal(asked, fixture.Calls<IVolunteerGrain>(nameof(IVolunteerGrain.Get), volunteerId));
        Assert.Equal(2, (await day.GetTally()).Helps);
        var settled = await scenario.ReconcileWhenSettled();
        Assert.True(settled.Exact, $"levels differ from the records: {settled}");
        Assert.Equal(2, (await scenario.Level(team.Id).Get()).Helps);
    }

    [Fact]
    public async Task A_batch_of_helps_after_a_quiet_spell_reaches_the_team_level_in_one_report()
    {
        var (scenario, _, team, day) = await CheckedIn();
        var level = scenario.Level(team.Id);
        await Eventually.Holds(async () => (await level.Get()).OnDuty == 1);
        var target = ((GrainReference)level).GrainId.Key.ToString()!;
        var reported = fixture.Calls<ITallyGrain>(nameof(ITallyGrain.Report), target);
        await Task.Delay(TimeSpan.FromMilliseconds(250)); // past a day's 100 ms window since its last report

        // Each record the day stores marks it changed; the report waits for the batch's turn to end, not for the first.
        await day.Log([.. Enumerable.Range(0, 20).Select(n => CampaignScenario.Help($"batch-{n}"))]);
        await Eventually.Holds(async () => (await level.Get()).Helps == 20);

        Assert.Equal(reported + 1, fixture.Calls<ITallyGrain>(nameof(ITallyGrain.Report), target));
    }

    [Fact]
    public async Task A_help_sent_again_to_a_day_activated_afresh_reports_its_tally_again()
    {
        var (scenario, _, team, day) = await CheckedIn();
        var help = CampaignScenario.Help("sent-twice");
        await day.Log([help]);

        await ReportsAgainOn(scenario.Level(team.Id), day, async () => Assert.True((await day.Log([help]))[0].Receipt!.Duplicate));
    }

    [Fact]
    public async Task A_check_in_sent_again_to_a_day_activated_afresh_reports_its_tally_again()
    {
        var (scenario, _, team, day) = await CheckedIn(tapId: "tap-twice");
        var first = await day.GetShift();

        await ReportsAgainOn(scenario.Level(team.Id), day, async () => Assert.Equal(first, await day.CheckIn(team.Ward.DeskId, tapId: "tap-twice")));
    }

    [Fact]
    public async Task A_void_sent_again_to_a_day_activated_afresh_reports_its_tally_again()
    {
        var (scenario, _, team, day) = await CheckedIn();
        await day.Log([CampaignScenario.Help("voided-twice")]);
        await day.Void("voided-twice", "ghi nhầm", "leader");

        await ReportsAgainOn(scenario.Level(team.Id), day, async () => Assert.True((await day.Void("voided-twice", "ghi nhầm", "leader")).AlreadyVoided));
    }

    /// <summary>
    /// What a phone does when the silo that stored its help or tap went down before the report left it: it heard no
    /// answer and sends again. The day activated afresh has it counted; only a report tells the team level.
    /// </summary>
    private async Task ReportsAgainOn(ITallyGrain level, IVolunteerDayGrain day, Func<Task> resend)
    {
        await Eventually.Holds(async () => (await level.Get()).Version == (await day.GetTally()).Version);
        await CollectedForGood(day);
        var target = ((GrainReference)level).GrainId.Key.ToString()!;
        var reported = fixture.Calls<ITallyGrain>(nameof(ITallyGrain.Report), target);

        await resend();

        await Eventually.Holds(() => Task.FromResult(fixture.Calls<ITallyGrain>(nameof(ITallyGrain.Report), target) > reported));
    }

    /// <summary>
    /// Collected until it stays so: a day's report still due flushes to its team level as the day goes, and a team
    /// level collected with it asks its days again when that report wakes it.
    /// </summary>
    private async Task CollectedForGood(IVolunteerDayGrain day)
    {
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        await Eventually.Holds(async () =>
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            return await management.GetGrainActivationCount((GrainReference)day) == 0;
        });
    }

    /// <summary>A fresh campaign's first volunteer, checked in at their ward's desk.</summary>
    private async Task<(CampaignScenario Scenario, string VolunteerId, CampaignScenario.Team Team, IVolunteerDayGrain Day)> CheckedIn(string? tapId = null)
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var volunteerId = scenario.VolunteerIds.First();
        var team = scenario.TeamOf(volunteerId);
        var day = scenario.Day(volunteerId);
        await day.CheckIn(team.Ward.DeskId, tapId: tapId);
        return (scenario, volunteerId, team, day);
    }
}

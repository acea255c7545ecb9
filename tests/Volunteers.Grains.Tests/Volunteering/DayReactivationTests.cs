using Volunteers.Teams;

namespace Volunteers.Tests.Volunteering;

public sealed class DayReactivationTests(CallCountingCluster fixture) : IClassFixture<CallCountingCluster>
{
    [Fact]
    public async Task A_day_collected_between_helps_logs_the_next_to_its_team_without_asking_the_volunteer_again()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var volunteerId = scenario.VolunteerIds.First();
        var team = scenario.TeamOf(volunteerId);
        var day = scenario.Day(volunteerId);
        await day.CheckIn(team.Ward.DeskId);
        await day.Log([CampaignScenario.Help("before-collection")]);
        Assert.True((await scenario.ReconcileWhenSettled()).Exact);
        var asked = fixture.Calls<IVolunteerGrain>(nameof(IVolunteerGrain.Get), volunteerId);

        // Collected until it stays so: a day's report still due flushes to its team level as the day goes, and a team
        // level collected with it asks its days again when that report wakes it.
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        await Eventually.Holds(async () =>
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            return await management.GetGrainActivationCount((GrainReference)day) == 0;
        });
        var after = (await day.Log([CampaignScenario.Help("after-collection")]))[0];

        Assert.True(asked > 0, "the first load learns the volunteer's team from the volunteer");
        Assert.NotNull(after.Receipt);
        Assert.Equal(asked, fixture.Calls<IVolunteerGrain>(nameof(IVolunteerGrain.Get), volunteerId));
        Assert.Equal(2, (await day.GetTally()).Helps);
        var settled = await scenario.ReconcileWhenSettled();
        Assert.True(settled.Exact, $"levels differ from the records: {settled}");
        Assert.Equal(2, (await scenario.Level(team.Id).Get()).Helps);
    }
}

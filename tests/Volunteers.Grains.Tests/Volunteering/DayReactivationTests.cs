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
        await scenario.Day(volunteerId).CheckIn(team.Ward.DeskId);
        await scenario.Day(volunteerId).Log([CampaignScenario.Help("before-collection")]);
        var asked = fixture.Calls(nameof(IVolunteerGrain.Get), volunteerId);

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = (await scenario.Day(volunteerId).Log([CampaignScenario.Help("after-collection")]))[0];

        Assert.True(asked > 0, "the first activation learns the volunteer's team from the volunteer");
        Assert.NotNull(after.Receipt);
        Assert.Equal(asked, fixture.Calls(nameof(IVolunteerGrain.Get), volunteerId));
        Assert.Equal(2, (await scenario.Day(volunteerId).GetTally()).Helps);
        var settled = await scenario.ReconcileWhenSettled();
        Assert.True(settled.Exact, $"levels differ from the records: {settled}");
        Assert.Equal(2, (await scenario.Level(team.Id).Get()).Helps);
    }
}

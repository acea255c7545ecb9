namespace Volunteers.Tests.Live;

/// <summary>
/// Two api nodes on one cluster: the first hosts the silo, the second joins it as an Orleans client. Each
/// node watches the scope for its own dashboards and pushes only to them; no backplane joins the nodes.
/// </summary>
public sealed class TwoNodesTests : IAsyncLifetime
{
    public TwoNodesTests()
    {
        First = new ApiHost();
        Second = new ApiHost(joinGateway: First.GatewayPort);
    }

    private ApiHost First { get; }

    private ApiHost Second { get; }

    public Task InitializeAsync()
    {
        // The silo first, so the second node finds its gateway.
        _ = First.Server;
        _ = Second.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }

    [Fact]
    public async Task A_dashboard_on_each_node_sees_the_helps_logged_through_the_other()
    {
        var scenario = await CampaignScenario.Create(First.Grains);
        await scenario.CheckEveryoneIn();
        var ward = scenario.Wards[1];
        var (one, other) = (ward.Teams[0].VolunteerIds[0], ward.Teams[0].VolunteerIds[1]);
        await using var onFirst = await First.Live(await First.Organiser(scenario)).Start();
        await using var onSecond = await Second.Live(await Second.Organiser(scenario)).Start();
        await onFirst.Subscribe(scenario.CampaignId, ward.Id);
        await onSecond.Subscribe(scenario.CampaignId, ward.Id);

        await LogHelp(Second, scenario.CampaignId, one, "n1");
        await onFirst.Until(ward.Id, c => c.Helps == 1);
        await LogHelp(First, scenario.CampaignId, other, "n2");
        await onSecond.Until(ward.Id, c => c.Helps == 2);

        await onFirst.Until(ward.Id, c => c.Helps == 2);
        Assert.Equal(2, onFirst.Updates.SelectMany(u => u.Recent).Count());
        Assert.Equal(2, onSecond.Updates.SelectMany(u => u.Recent).Count());
    }

    private static async Task<System.Text.Json.JsonElement> LogHelp(ApiHost node, string campaignId, string volunteerId, string recordId) =>
        await node.GraphQL(await node.Token(Volunteers.Accounts.Role.Volunteer, volunteerId), """
            mutation($c: ID!, $v: ID!, $r: ID!) {
              logHelp(campaignId: $c, volunteerId: $v, help: { recordId: $r, service: "account", channel: DOOR_TO_DOOR, outcome: DONE, minutes: 5 }) { recordId }
            }
            """, new { c = campaignId, v = volunteerId, r = recordId });
}

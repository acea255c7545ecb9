namespace Volunteers.Tests.Core;

public sealed class RestartTests
{
    [Fact]
    public async Task Records_counts_and_shifts_are_unchanged_after_the_server_restarts()
    {
        string folder;
        World world;
        string before;
        string token;
        const string Counts = """
            query($c: ID!) {
              counts(campaignId: $c) { helps minutes volunteersOnDuty byService { key count } byChannel { key count } }
              reconcile(campaignId: $c) { exact records }
            }
            """;
        await using (var first = new ApiFactory())
        {
            folder = first.Folder;
            var api = first.GraphQL();
            token = await api.AccessToken();
            world = await World.Create(api);
            await world.CheckIn(api, world.VolunteerIds[0][0], world.DeskIds[0]);
            await world.CheckIn(api, world.VolunteerIds[1][1], world.NeighbourhoodIds[1]);
            for (var i = 0; i < 12; i++)
            {
                await world.Log(api, world.VolunteerIds[i % 2][i % 2], World.Help($"restart-{i}", i % 3 == 0 ? "cashless" : "account", 5 + i));
            }
            await world.ReconcileWhenSettled(api);
            before = (await api.Data(Counts, new { c = world.CampaignId })).ToJsonString();
        }

        // Tokens outlive the restart: the embedded signing key is kept beside the database.
        await using var second = new ApiFactory(folder);
        var again = second.GraphQL().As(token);
        var after = (await again.Data(Counts, new { c = world.CampaignId })).ToJsonString();
        var retry = (await world.Log(again, world.VolunteerIds[0][0], World.Help("restart-0", "cashless", 5))).Body["data"]!["logHelp"]!;

        Assert.Contains("\"exact\":true,\"records\":12", before, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.True((bool)retry["duplicate"]!);
    }
}

using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Volunteers.Tallies;

namespace Volunteers.Tests.RollUp;

[Collection(SqliteCluster.Name)]
public sealed class WatchTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_watcher_of_the_ward_and_of_the_campaign_hears_the_counts_and_the_helps_logged_below()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var ward = scenario.Wards[1];
        var volunteer = ward.Teams[0].VolunteerIds[0];
        var wardWatcher = new Watcher();
        var campaignWatcher = new Watcher();
        var wardReference = fixture.Grains.CreateObjectReference<ITallyObserver>(wardWatcher);
        var campaignReference = fixture.Grains.CreateObjectReference<ITallyObserver>(campaignWatcher);
        await scenario.Level(ward.Id).Watch(wardReference);
        await scenario.Level(scenario.CampaignId).Watch(campaignReference);

        await scenario.Day(volunteer).Log([CampaignScenario.Help("w1", "cashless"), CampaignScenario.Help("w2")]);

        foreach (var watcher in new[] { wardWatcher, campaignWatcher })
        {
            var heard = await watcher.Until(n => n.Tally.Helps == 2);
            Assert.Equal(1, heard.Tally.ByService["cashless"]);
            var helps = watcher.Notices.SelectMany(n => n.Recent).ToList();
            Assert.Equal(2, helps.Count);
            Assert.All(helps, h => Assert.Equal((ward.Id, ward.Teams[0].Id, ward.DeskId), (h.WardId, h.TeamId, h.PlaceId)));
            Assert.Equal(["account", "cashless"], helps.Select(h => h.Service).Order());
            // Each notice carries the rows below the level with the total they add up to, so a table and a total never disagree.
            Assert.All(watcher.Notices, n => Assert.Equal(n.Tally.Helps, n.Children.Values.Sum(c => c.Helps)));
            Assert.Equal(2, heard.Children.Values.Sum(c => c.ByService.Values.Sum()));
        }
    }

    [Fact]
    public async Task An_unwatched_level_stops_notifying()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var team = scenario.Wards[0].Teams[0];
        var watcher = new Watcher();
        var reference = fixture.Grains.CreateObjectReference<ITallyObserver>(watcher);
        await scenario.Level(team.Id).Watch(reference);
        await scenario.Day(team.VolunteerIds[0]).Log([CampaignScenario.Help("u1")]);
        await watcher.Until(n => n.Tally.Helps == 1);

        await scenario.Level(team.Id).Unwatch(reference);
        // Both would hear the same notice in one pass, so once the other has heard it the first never will.
        var other = new Watcher();
        await scenario.Level(team.Id).Watch(fixture.Grains.CreateObjectReference<ITallyObserver>(other));
        await scenario.Day(team.VolunteerIds[0]).Log([CampaignScenario.Help("u2")]);
        await other.Until(n => n.Tally.Helps == 2);

        Assert.DoesNotContain(watcher.Notices, n => n.Tally.Helps == 2);
    }

    private sealed class Watcher : ITallyObserver
    {
        private readonly Channel<bool> _heard = Channel.CreateUnbounded<bool>();

        public ConcurrentQueue<(Tally Tally, ImmutableSortedDictionary<string, Tally> Children, ImmutableArray<HelpEvent> Recent)> Notices { get; } = new();

        public Task Changed(LevelFigures figures, ImmutableArray<HelpEvent> recent)
        {
            Notices.Enqueue((figures.Total, figures.Children, recent));
            _heard.Writer.TryWrite(true);
            return Task.CompletedTask;
        }

        public async Task<(Tally Tally, ImmutableSortedDictionary<string, Tally> Children, ImmutableArray<HelpEvent> Recent)> Until(Func<(Tally Tally, ImmutableSortedDictionary<string, Tally> Children, ImmutableArray<HelpEvent> Recent), bool> condition)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                if (Notices.FirstOrDefault(condition) is { Tally: not null } found)
                {
                    return found;
                }
                await _heard.Reader.ReadAsync(timeout.Token);
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
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
    public async Task A_lone_help_reaches_the_campaigns_watcher_without_waiting_out_a_window_at_each_level()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var volunteer = scenario.Wards[0].Teams[0].VolunteerIds[0];
        var watcher = new Watcher();
        await scenario.Level(scenario.CampaignId).Watch(fixture.Grains.CreateObjectReference<ITallyObserver>(watcher));
        var fastest = TimeSpan.MaxValue;

        for (var i = 1; i <= 3; i++)
        {
            // Quiet past every window, so each help is a first change at every level it crosses.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            var logged = Stopwatch.GetTimestamp();
            await scenario.Day(volunteer).Log([CampaignScenario.Help($"lone{i}")]);
            var count = i;
            await watcher.Until(n => n.Tally.Helps == count);
            fastest = TimeSpan.FromTicks(Math.Min(fastest.Ticks, Stopwatch.GetElapsedTime(logged).Ticks));
        }

        // Five reports up (volunteer, team, ward, district, province) and the campaign's notice: waiting out a
        // window at each took 5 × 100 ms + 200 ms at the least; the fastest of three shows none is waited out.
        Assert.True(fastest < TimeSpan.FromMilliseconds(250), $"The fastest lone help took {fastest.TotalMilliseconds:0} ms to reach the campaign's watcher.");
    }

    [Fact]
    public async Task A_burst_of_helps_reaches_a_watcher_in_a_few_notices_each_with_the_rows_of_its_total()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var watcher = new Watcher();
        await scenario.Level(scenario.CampaignId).Watch(fixture.Grains.CreateObjectReference<ITallyObserver>(watcher));
        var volunteers = scenario.VolunteerIds.ToList();
        var started = Stopwatch.GetTimestamp();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => scenario.Day(volunteers[i % volunteers.Count]).Log([CampaignScenario.Help($"burst{i}")])));
        await watcher.Until(n => n.Tally.Helps == 200);
        var took = Stopwatch.GetElapsedTime(started);

        // A window apart at the least: the first change goes at once, the rest of a window's at its end.
        var notices = watcher.Notices.Count(n => n.Tally.Helps > 0);
        Assert.True(notices <= 2 * (took / TallyWatch.Coalesce + 1), $"{notices} notices for 200 helps in {took.TotalMilliseconds:0} ms");
        Assert.True(notices < 200, $"{notices} notices for 200 helps");
        Assert.All(watcher.Notices, n => Assert.Equal(n.Tally.Helps, n.Children.Values.Sum(c => c.Helps)));
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

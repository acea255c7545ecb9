using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Volunteers.Api.Counting;
using Volunteers.Api.Live;
using Volunteers.Tallies;

namespace Volunteers.Tests.Live;

[Collection(LiveApi.Name)]
public sealed class PacingTests(LiveApiFixture fixture)
{
    private ApiHost Host => fixture.Host;

    [Fact]
    public void A_scope_many_follow_is_pushed_less_often_within_a_second()
    {
        Assert.Equal(ScopeWatch.FastestPace, ScopeWatch.PaceFor(1));
        Assert.Equal(ScopeWatch.FastestPace, ScopeWatch.PaceFor(1_000));
        Assert.Equal(TimeSpan.FromMilliseconds(500), ScopeWatch.PaceFor(10_000));
        Assert.Equal(ScopeWatch.SlowestPace, ScopeWatch.PaceFor(100_000));
    }

    [Fact]
    public async Task The_first_change_goes_out_at_once_and_a_burst_after_it_in_one_push_with_the_newest_helps()
    {
        var scenario = await CampaignScenario.Create(Host.Grains);
        using var hub = new RecordingHub();
        var (watch, version) = await SlowestPacedWatch(scenario, hub);
        await using var _ = watch;

        var changed = Stopwatch.GetTimestamp();
        await watch.Changed(Figures(scenario, ++version, 1), [Help(0)]);
        await hub.Until(version);
        var firstTook = Stopwatch.GetElapsedTime(changed);

        var burst = Stopwatch.GetTimestamp();
        for (var i = 1; i <= 200; i++)
        {
            await watch.Changed(Figures(scenario, ++version, 1 + i), [Help(i)]);
        }
        var burstTook = Stopwatch.GetElapsedTime(burst);
        await hub.Until(version);

        Assert.True(firstTook < ScopeWatch.SlowestPace, $"The first change took {firstTook.TotalMilliseconds:0} ms to go out.");
        var pushes = hub.Sent.ToList();
        // The leading push, then one a pace for the burst: the burst alone fits in one pace unless the machine stalled it.
        Assert.InRange(pushes.Count, 2, 2 + (int)(burstTook / ScopeWatch.SlowestPace));
        Assert.All(pushes, p => Assert.Equal(watch.Key, p.Group));
        Assert.True(pushes[1].At - pushes[0].At >= ScopeWatch.SlowestPace - TimeSpan.FromMilliseconds(50), $"Pushed {(pushes[1].At - pushes[0].At).TotalMilliseconds:0} ms apart");
        var last = pushes[^1].Update;
        Assert.Equal(201, last.Counts.Helps);
        Assert.Equal(last.Counts.Helps, last.Counts.Children!.Value.Sum(c => c.Helps));
        // The helps come in the order counted; a long pace keeps the newest the ticker shows.
        Assert.Equal(["p0"], pushes[0].Update.Recent.Select(h => h.PlaceId));
        var numbers = pushes.SelectMany(p => p.Update.Recent).Select(h => int.Parse(h.PlaceId[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order().Distinct(), numbers);
        var kept = pushes.Count == 2 ? HelpEvent.MaxPerReport : last.Recent.Length;
        Assert.Equal(Enumerable.Range(201 - kept, kept).Select(i => $"p{i}"), last.Recent.Select(h => h.PlaceId));
    }

    [Fact]
    public async Task A_push_is_timed_from_its_first_change_and_counted_once_a_follower()
    {
        var measured = new ConcurrentQueue<(string Instrument, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name.StartsWith("volunteers.live.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measured.Enqueue((instrument.Name, value)));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured.Enqueue((instrument.Name, value)));
        listener.Start();
        var scenario = await CampaignScenario.Create(Host.Grains);
        using var hub = new RecordingHub();
        var (watch, version) = await SlowestPacedWatch(scenario, hub);
        await using var _ = watch;

        await watch.Changed(Figures(scenario, ++version, 1), [Help(0)]);
        await hub.Until(version);
        await watch.Changed(Figures(scenario, ++version, 2), [Help(1)]);
        await hub.Until(version);

        // Other watches of the test host may push meanwhile: these are the ones only this watch makes.
        var paced = measured.Where(m => m.Instrument == "volunteers.live.paced").Select(m => m.Value).ToList();
        Assert.Contains(paced, s => s < ScopeWatch.SlowestPace.TotalSeconds / 2);
        Assert.Contains(paced, s => s >= ScopeWatch.SlowestPace.TotalSeconds / 2);
        Assert.Equal(2, measured.Count(m => m == ("volunteers.live.messages", 100_000)));
        Assert.True(measured.Count(m => m.Instrument == "volunteers.live.handed_out") >= 2);
    }

    /// <summary>A watch of the campaign whose pushes go to <paramref name="hub"/>, followed by as many as make the slowest pace.</summary>
    private async Task<(ScopeWatch Watch, long Version)> SlowestPacedWatch(CampaignScenario scenario, RecordingHub hub)
    {
        var reader = Host.Services.GetRequiredService<CountsReader>();
        var first = await reader.Read(scenario.CampaignId, null, withChildren: true);
        var watch = new ScopeWatch(Host.Grains, reader, hub, NullLogger.Instance, first);
        await watch.StartAsync();
        // As many as make the slowest pace, so a push that waited for it could not pass for one that did not.
        watch.Followers = 100_000;
        return (watch, first.Tally.Version);
    }

    private static LevelFigures Figures(CampaignScenario scenario, long version, int helps)
    {
        var tally = Tally.Empty with { Version = version, Helps = helps };
        return new LevelFigures(tally, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(scenario.ProvinceId, tally)]));
    }

    private static HelpEvent Help(int i) => new("account", "DOOR_TO_DOOR", "DONE", $"p{i}", "t-1", "u-1", DateTimeOffset.UtcNow);

    /// <summary>The hub's group pushes as a node makes them, noted with when each was made.</summary>
    private sealed class RecordingHub : IHubContext<LiveHub, ILiveClient>, IHubClients<ILiveClient>, IDisposable
    {
        private readonly SemaphoreSlim _pushed = new(0);

        public ConcurrentQueue<(string Group, LiveUpdate Update, TimeSpan At)> Sent { get; } = new();

        public IHubClients<ILiveClient> Clients => this;

        public IGroupManager Groups => throw new NotSupportedException();

        public ILiveClient All => throw new NotSupportedException();

        public ILiveClient Group(string groupName) => new GroupClient(this, groupName);

        public ILiveClient AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public ILiveClient Client(string connectionId) => throw new NotSupportedException();

        ILiveClient IHubClients<ILiveClient>.Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public ILiveClient GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        ILiveClient IHubClients<ILiveClient>.Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public ILiveClient User(string userId) => throw new NotSupportedException();

        public ILiveClient Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();

        public void Dispose() => _pushed.Dispose();

        public async Task Until(long version)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (!Sent.Any(p => p.Update.Counts.Version == version))
            {
                await _pushed.WaitAsync(timeout.Token);
            }
        }

        private sealed class GroupClient(RecordingHub hub, string group) : ILiveClient
        {
            public Task Update(LiveUpdate update)
            {
                hub.Sent.Enqueue((group, update, Stopwatch.GetElapsedTime(0)));
                hub._pushed.Release();
                return Task.CompletedTask;
            }
        }
    }
}

using System.Diagnostics;

namespace Volunteers.Bench;

/// <summary>The growth mode's figures of a size from the other sizes' turns.</summary>
/// <param name="RevisitSeconds">
/// How long a volunteer went between two helps over the timed turns (the volunteers over the rota's picks a second): past
/// the 15 idle minutes after which a volunteer's day may go, the size pays reactivations that one size alone would not.
/// </param>
/// <param name="IdleCpuPercent">The size's processes' CPU while the other sizes logged, in % of a core: a larger size's runs beside the smaller sizes' turns.</param>
public sealed record TurnFigures(double RevisitSeconds, double IdleCpuPercent);

/// <summary>
/// The growth rows: one api a size, each set up in turn, then logged to in turns of <see cref="Turn"/>, one size after
/// another round after round, first unmeasured (<see cref="IngestOptions.Warm"/> in all) and then timed
/// (<see cref="IngestOptions.Duration"/> a size). The machine is shared with others' work, whose load comes and goes
/// over minutes: sizes measured one after another, minutes apart, differed by more than the sizes cost (the slow row
/// moved from run to run), while turns seconds apart meet the same load. Each round starts one size further on, so no
/// size always follows the same one.
/// </summary>
public sealed class GrowthRun(IngestOptions options)
{
    private static readonly TimeSpan Turn = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Idle after each turn before its api's CPU is read, so that what the turn left to do (roll-ups' coalesced reports,
    /// a background collection) is counted to it and not done during the next size's turn.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    /// <summary>Orleans collects a volunteer's day idle this long (VolunteerDayGrain.IdleFor), checking once a minute.</summary>
    private static readonly TimeSpan DayIdleFor = TimeSpan.FromMinutes(15);

    public async Task<IReadOnlyList<IngestResult>> RunAsync()
    {
        var ingest = new IngestRun(options);
        var apis = new List<PreparedApi>();
        try
        {
            foreach (var target in options.Targets)
            {
                apis.Add(await ingest.SetUpAsync(target));
            }
            // The set-ups of 100,000 take minutes and the turns after them more: say where the run is, and when to profile.
            await Console.Error.WriteLineAsync($"growth: {apis.Count} sizes set up; turns unmeasured for {options.Warm.TotalSeconds:0} s, then timed");
            var sizes = apis.Select(api => new Size(api)).ToArray();
            var round = 0;
            for (var warming = Stopwatch.StartNew(); warming.Elapsed < options.Warm; round++)
            {
                await TakeTurnsAsync(ingest, sizes, round, timed: false);
            }
            var span = Stopwatch.StartNew();
            var spanStart = sizes.Select(size => (Cpu: size.Cpu(), size.Api.Rota.Picks)).ToArray();
            for (var timed = 0; timed < Math.Ceiling(options.Duration / Turn); timed++, round++)
            {
                await TakeTurnsAsync(ingest, sizes, round, timed: true);
            }
            var results = new List<IngestResult>();
            for (var i = 0; i < sizes.Length; i++)
            {
                var size = sizes[i];
                var revisit = size.Api.District.Members.Count * span.Elapsed.TotalSeconds / (size.Api.Rota.Picks - spanStart[i].Picks);
                if (revisit > DayIdleFor.TotalSeconds)
                {
                    await Console.Error.WriteLineAsync($"growth: {size.Api.District.Members.Count:N0} volunteers each logged again after {revisit:0} s, past the {DayIdleFor.TotalMinutes:0} idle minutes after which a day may go");
                }
                var idleCpu = (size.Cpu() - spanStart[i].Cpu - size.TimedCpu.Sum()) / (span.Elapsed - size.TimedWall).TotalSeconds;
                results.Add(await ingest.ResultAsync(size.Api, size.Warm, size.Run, IngestRun.Sample(size.Api.Target.Watch), size.TimedCpu,
                    new TurnFigures(revisit, idleCpu * 100)));
            }
            return results;
        }
        finally
        {
            apis.ForEach(api => api.Dispose());
        }
    }

    /// <summary>A round: every size logs for a turn, the others idle; its bursts add up, and in a timed round its processes' CPU and wall time too.</summary>
    private async Task TakeTurnsAsync(IngestRun ingest, Size[] sizes, int round, bool timed)
    {
        for (var turn = 0; turn < sizes.Length; turn++)
        {
            var size = sizes[(round + turn) % sizes.Length];
            var before = IngestRun.Sample(size.Api.Target.Watch);
            var wall = Stopwatch.StartNew();
            // A seed a round, so no turn resends another's record ids.
            var burst = await ingest.LogFor(size.Api, Turn, options.Seed + round * options.Concurrency);
            await Task.Delay(Settle);
            var after = IngestRun.Sample(size.Api.Target.Watch);
            if (!timed)
            {
                size.Warm += burst;
                continue;
            }
            size.Run += burst;
            size.TimedWall += wall.Elapsed;
            for (var p = 0; p < after.Length; p++)
            {
                size.TimedCpu[p] += after[p].CpuSeconds - before[p].CpuSeconds;
            }
        }
    }

    /// <summary>A size's api and what its turns logged; its watched processes' CPU and wall time over its own timed turns.</summary>
    private sealed class Size(PreparedApi api)
    {
        public PreparedApi Api { get; } = api;
        public Burst Warm { get; set; } = Burst.None;
        public Burst Run { get; set; } = Burst.None;
        public double[] TimedCpu { get; } = new double[api.Target.Watch.Count];
        public TimeSpan TimedWall { get; set; }

        public double Cpu() => IngestRun.Sample(Api.Target.Watch).Sum(process => process.CpuSeconds);
    }
}

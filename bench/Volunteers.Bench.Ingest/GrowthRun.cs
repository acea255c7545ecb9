using System.Diagnostics;

namespace Volunteers.Bench;

/// <summary>
/// The growth rows: one api a size, each set up in turn, then logged to in turns of <see cref="Turn"/>, one size after
/// another round after round, first unmeasured (<see cref="IngestOptions.Warm"/> in all) and then timed
/// (<see cref="IngestOptions.Duration"/> a size). The machine is shared with others' work, whose load comes and goes
/// over minutes: sizes measured one after another, minutes apart, differed by more than the sizes cost (the slow row
/// moved from run to run), while turns seconds apart meet the same load.
/// </summary>
public sealed class GrowthRun(IngestOptions options)
{
    private static readonly TimeSpan Turn = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Idle after each turn before its api's CPU is read, so that what the turn left to do (roll-ups' coalesced reports,
    /// a background collection) is counted to it and not done during the next size's turn.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

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
            var warm = apis.Select(_ => Burst.None).ToArray();
            var run = apis.Select(_ => Burst.None).ToArray();
            var timedCpu = apis.Select(api => new double[api.Target.Watch.Count]).ToArray();
            var round = 0;
            for (var warming = Stopwatch.StartNew(); warming.Elapsed < options.Warm; round++)
            {
                await TakeTurnsAsync(ingest, apis, round, warm, cpu: null);
            }
            for (var timed = 0; timed < Math.Ceiling(options.Duration / Turn); timed++, round++)
            {
                await TakeTurnsAsync(ingest, apis, round, run, timedCpu);
            }
            var results = new List<IngestResult>();
            for (var i = 0; i < apis.Count; i++)
            {
                results.Add(await ingest.ResultAsync(apis[i], warm[i], run[i], IngestRun.Sample(apis[i].Target.Watch), timedCpu[i]));
            }
            return results;
        }
        finally
        {
            apis.ForEach(api => api.Dispose());
        }
    }

    /// <summary>A round: every size logs for a turn, the others idle; its bursts, and with <paramref name="cpu"/> its processes' CPU, add up.</summary>
    private async Task TakeTurnsAsync(IngestRun ingest, List<PreparedApi> apis, int round, Burst[] bursts, double[][]? cpu)
    {
        for (var i = 0; i < apis.Count; i++)
        {
            var before = IngestRun.Sample(apis[i].Target.Watch);
            // A seed a round, so no turn resends another's record ids.
            bursts[i] += await ingest.LogFor(apis[i], Turn, options.Seed + round * options.Concurrency);
            await Task.Delay(Settle);
            var after = IngestRun.Sample(apis[i].Target.Watch);
            for (var p = 0; cpu is not null && p < after.Length; p++)
            {
                cpu[i][p] += after[p].CpuSeconds - before[p].CpuSeconds;
            }
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Volunteers.Hosting;

namespace Volunteers.Tests.Hosting;

/// <summary>Alone: the service's collection blocks the whole test process while it runs.</summary>
[Collection(Name)]
public sealed class QuietCollectionTests
{
    public const string Name = "Quiet collection";

    private const long MB = 1 << 20;

    private static readonly QuietCollectionOptions Defaults = new()
    {
        QuietLooks = 2,
        QuietBelowBytes = 64 * MB,
        WorthAboveBytes = 256 * MB,
    };

    [Fact]
    public void A_silo_gives_memory_back_once_at_the_start_of_each_quiet_spell()
    {
        // Busy, quiet twice: collected; quiet on: left as given back; busy again, quiet twice: collected again.
        var collected = Looks(1024 * MB, 0, 500 * MB, 1 * MB, 1 * MB, 1 * MB, 0, 300 * MB, 2 * MB, 2 * MB);

        Assert.Equal([false, false, false, true, false, false, false, false, true], collected);
    }

    [Fact]
    public void A_lull_between_two_bursts_is_left_to_the_GC()
    {
        var collected = Looks(1024 * MB, 0, 500 * MB, 1 * MB, 400 * MB, 1 * MB, 600 * MB);

        Assert.DoesNotContain(true, collected);
    }

    [Fact]
    public void A_small_heap_is_not_worth_the_pause_until_it_grows()
    {
        var spell = new QuietSpell(Defaults);
        Assert.False(spell.ShouldCollect(0, 100 * MB));
        Assert.False(spell.ShouldCollect(1 * MB, 100 * MB));
        Assert.False(spell.ShouldCollect(2 * MB, 200 * MB));
        Assert.True(spell.ShouldCollect(3 * MB, 300 * MB));
    }

    [Fact]
    public async Task The_service_collects_when_quiet_and_says_what_it_gave_back()
    {
        var logs = new Logs();
        var service = new QuietCollection(
            Options.Create(new QuietCollectionOptions
            {
                Every = TimeSpan.FromMilliseconds(20),
                QuietLooks = 1,
                QuietBelowBytes = long.MaxValue,
                WorthAboveBytes = 0,
            }),
            TimeProvider.System,
            logs);

        await service.StartAsync(CancellationToken.None);
        await Eventually.Holds(() => Task.FromResult(!logs.Lines.IsEmpty));
        // Quiet ever after: one collection for the one spell, however many looks follow.
        await Task.Delay(200);
        await service.StopAsync(CancellationToken.None);

        var line = Assert.Single(logs.Lines);
        Assert.Matches("^Quiet after a busy spell: a compacting collection took the GC's committed memory from [0-9]+ MB to [0-9]+ MB in [0-9]+ ms$", line);
    }

    /// <summary>What a fresh spell decides at each look, the process allocating so much before each.</summary>
    private static bool[] Looks(long committed, params long[] allocating)
    {
        var spell = new QuietSpell(Defaults);
        var allocated = 0L;
        return [.. allocating.Select(bytes => spell.ShouldCollect(allocated += bytes, committed))];
    }

    private sealed class Logs : ILogger<QuietCollection>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }
}

[CollectionDefinition(QuietCollectionTests.Name, DisableParallelization = true)]
public sealed class QuietCollectionAlone
{
}

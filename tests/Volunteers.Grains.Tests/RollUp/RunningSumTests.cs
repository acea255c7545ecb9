using System.Collections.Immutable;
using Volunteers.Tallies;

namespace Volunteers.Tests.RollUp;

public sealed class RunningSumTests
{
    private static readonly string[] Names = ["account", "scan", "cashless", "DONE", "FOLLOW_UP", "BIRTH_REGISTRATION"];
    private static readonly string[] Places = ["p-1", "p-2", "p-3", "p-4"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_running_sum_equals_the_children_added_up_afresh_after_every_change(bool keepPlaces)
    {
        var random = new Random(20261205);
        var sum = new RunningSum(keepPlaces);
        var names = new SharedNames();
        var children = new Dictionary<int, Tally>();
        var held = new Dictionary<int, HeldTally>();
        for (var step = 0; step < 2_000; step++)
        {
            var child = random.Next(12);
            if (held.TryGetValue(child, out var old))
            {
                sum.Remove(old);
            }
            // Some changes take a child's last help away, so names stay behind at a count of 0, as voids leave them.
            var next = Random(random, children.GetValueOrDefault(child)?.Version ?? 0);
            children[child] = next;
            var now = held.GetValueOrDefault(child) ?? (held[child] = new HeldTally());
            now.Take(next, names);
            sum.Add(now);
            AssertSame(next, now.ToTally());
            if (random.Next(3) == 0)
            {
                // Several changes between totals, as reports between two reads of a level.
                continue;
            }

            var afresh = Tally.Sum(children.Values, keepPlaces) with { Pending = children.Values.Sum(c => c.Pending) + 3 };
            AssertSame(afresh, sum.Total(unheard: 3));
        }
    }

    [Fact]
    public void Removing_every_child_leaves_the_empty_tally()
    {
        var random = new Random(7);
        var sum = new RunningSum(keepPlaces: true);
        var names = new SharedNames();
        var children = Enumerable.Range(0, 5).Select(_ => Held(Random(random, 0), names)).ToList();
        children.ForEach(sum.Add);
        children.ForEach(sum.Remove);

        AssertSame(Tally.Empty, sum.Total(unheard: 0));
    }

    [Fact]
    public void A_total_after_one_help_is_built_from_the_last_one_not_from_every_code_held()
    {
        var names = new SharedNames();
        var sum = new RunningSum(keepPlaces: true);
        var procedures = Enumerable.Range(0, 400).Select(i => $"PROCEDURE_{i:D3}").ToArray();
        var children = Enumerable.Range(0, 200).Select(i => Held(Tally.Empty with
        {
            Version = 1,
            Helps = 2,
            ByService = Counts(("account", 2)),
            ByProcedure = Counts((procedures[i], 1), (procedures[i + 200], 1)),
            ActivePlaces = [$"p-{i % 40}"],
        }, names)).ToList();
        children.ForEach(sum.Add);
        var before = sum.Total(unheard: 0);
        var helped = children[7].ToTally();
        var after = helped with { Version = 2, Helps = 3, ByService = Counts(("account", 3)), ByProcedure = helped.ByProcedure.SetItem(procedures[7], 2) };

        sum.Remove(children[7]);
        children[7].Take(after, names);
        sum.Add(children[7]);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var total = sum.Total(unheard: 0);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        AssertSame(Tally.Sum(children.Select(child => child.ToTally()), keepPlaces: true), total);
        // The total handed out before is not changed under its readers.
        Assert.Equal((1, 400), (before.ByProcedure[procedures[7]], before.ByService["account"]));
        // Made afresh, this total allocated 52 KB; built from the last one, 0.5 KB.
        Assert.InRange(allocated, 1, 4_000);
    }

    [Fact]
    public void A_report_with_the_same_codes_and_place_overwrites_the_held_counts_without_allocating()
    {
        var names = new SharedNames();
        var first = Tally.Empty with { Version = 1, Helps = 1, ByService = Counts(("account", 1)), ByOutcome = Counts(("DONE", 1)), ActivePlaces = ["p-1"] };
        var next = first with { Version = 2, Helps = 2, ByService = Counts(("account", 2)), ByOutcome = Counts(("DONE", 2)), ActivePlaces = ["p-1"] };
        var held = Held(first, names);
        held.Take(first with { Version = 0 }, names);

        var before = GC.GetAllocatedBytesForCurrentThread();
        held.Take(next, names);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        AssertSame(next, held.ToTally());
    }

    [Fact]
    public void A_report_that_names_a_new_code_is_held_whole()
    {
        var names = new SharedNames();
        var held = Held(Tally.Empty with { Version = 1, ByService = Counts(("account", 1)) }, names);

        held.Take(Tally.Empty with { Version = 2, ByService = Counts(("account", 1), ("scan", 3)) }, names);

        Assert.Equal(Counts(("account", 1), ("scan", 3)), held.ToTally().ByService);
        Assert.False(held.IsOlderThan(Tally.Empty with { Version = 2 }));
        Assert.True(held.IsOlderThan(Tally.Empty with { Version = 3 }));
    }

    private static ImmutableSortedDictionary<string, int> Counts(params (string Name, int Count)[] counts) =>
        counts.ToImmutableSortedDictionary(c => c.Name, c => c.Count, StringComparer.Ordinal);

    private static HeldTally Held(Tally tally, SharedNames names)
    {
        var held = new HeldTally();
        held.Take(tally, names);
        return held;
    }

    private static Tally Random(Random random, long after)
    {
        ImmutableSortedDictionary<string, int> Counts() => Names.Where(_ => random.Next(3) == 0)
            .ToImmutableSortedDictionary(name => name, _ => random.Next(0, 4), StringComparer.Ordinal);
        return new Tally(after + random.Next(1, 5), random.Next(50), random.Next(500), Counts(), Counts(), Counts(), random.Next(3),
            Places.Where(_ => random.Next(3) == 0).ToImmutableSortedSet(StringComparer.Ordinal), random.Next(3), Counts(), random.Next(2));
    }

    private static void AssertSame(Tally expected, Tally actual)
    {
        Assert.Equal(
            (expected.Version, expected.Helps, expected.Minutes, expected.OnDuty, expected.PlacesCovered, expected.Pending),
            (actual.Version, actual.Helps, actual.Minutes, actual.OnDuty, actual.PlacesCovered, actual.Pending));
        Assert.Equal(expected.ByService, actual.ByService);
        Assert.Equal(expected.ByChannel, actual.ByChannel);
        Assert.Equal(expected.ByOutcome, actual.ByOutcome);
        Assert.Equal(expected.ByProcedure, actual.ByProcedure);
        Assert.Equal(expected.ActivePlaces, actual.ActivePlaces);
    }
}

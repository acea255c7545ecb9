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
        var children = new Dictionary<int, Tally>();
        for (var step = 0; step < 2_000; step++)
        {
            var child = random.Next(12);
            if (children.TryGetValue(child, out var held))
            {
                sum.Remove(held);
            }
            // Some changes take a child's last help away, so names stay behind at a count of 0, as voids leave them.
            var next = Random(random, held?.Version ?? 0);
            children[child] = next;
            sum.Add(next);

            var afresh = Tally.Sum(children.Values, keepPlaces) with { Pending = children.Values.Sum(c => c.Pending) + 3 };
            AssertSame(afresh, sum.Total(unheard: 3));
        }
    }

    [Fact]
    public void Removing_every_child_leaves_the_empty_tally()
    {
        var random = new Random(7);
        var sum = new RunningSum(keepPlaces: true);
        var children = Enumerable.Range(0, 5).Select(_ => Random(random, 0)).ToList();
        children.ForEach(sum.Add);
        children.ForEach(sum.Remove);

        AssertSame(Tally.Empty, sum.Total(unheard: 0));
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

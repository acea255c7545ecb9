using System.Collections.Immutable;
using Volunteers.Storage;
using Volunteers.Tallies;

namespace Volunteers.Tests.RollUp;

public sealed class HelpCounterTests
{
    private static readonly string[] Services = ["scan", "account", "online-application", "cashless", "VNeID"];
    private static readonly string[] Channels = ["door-to-door", "desk"];
    private static readonly string[] Outcomes = ["FOLLOW_UP", "DONE", "REFERRED"];
    private static readonly string[] Procedures = ["BIRTH_REGISTRATION", "RESIDENCE", "ALLOWANCE"];

    [Fact]
    public void Helps_added_one_at_a_time_tally_as_the_same_helps_grouped_and_summed_afresh()
    {
        var random = new Random(20261205);
        var oneByOne = new HelpCounter();
        var helps = new List<RecordGroup>();
        for (var step = 0; step < 3_000; step++)
        {
            var service = Services[random.Next(Services.Length)];
            var help = new RecordGroup("v-1", "t-1", "w-1", service, service == "online-application" ? Procedures[random.Next(Procedures.Length)] : null,
                Channels[random.Next(Channels.Length)], Outcomes[random.Next(Outcomes.Length)], 1, random.Next(1, 60));
            helps.Add(help);
            oneByOne.Add(help.Service, help.Procedure, help.Channel, help.Outcome, 1, help.Minutes);

            if (step % 97 == 0)
            {
                AssertSame(Afresh(helps), oneByOne.ToTally());
            }
        }

        var grouped = helps.GroupBy(h => (h.Service, h.Procedure, h.Channel, h.Outcome))
            .Select(g => g.First() with { Count = g.Count(), Minutes = g.Sum(h => h.Minutes) });
        AssertSame(Afresh(helps), HelpCounter.Of(grouped).ToTally());
        AssertSame(Afresh(helps), oneByOne.ToTally());
    }

    [Fact]
    public void Nothing_counted_is_the_empty_tally()
    {
        var empty = HelpCounter.Of([]).ToTally();

        AssertSame(Tally.Empty, empty);
        Assert.Same(Tally.Empty.ByProcedure, empty.ByProcedure);
    }

    [Fact]
    public void A_set_of_codes_is_one_array_and_a_code_new_to_one_counter_leaves_the_others_as_they_were()
    {
        // A service of this test's own, so the codes of other tests in this process do not meet these.
        var service = $"test-{Guid.NewGuid():N}";
        var counters = Enumerable.Range(0, 3).Select(_ => new HelpCounter()).ToArray();
        foreach (var counter in counters)
        {
            counter.Add(service, null, "desk", "DONE", 1, 5);
        }

        counters[1].Add("account", null, "desk", "DONE", 1, 5);

        Assert.Equal([KeyValuePair.Create(service, 1)], counters[0].ToTally().ByService);
        Assert.Equal([KeyValuePair.Create("account", 1), KeyValuePair.Create(service, 1)], counters[1].ToTally().ByService);
        Assert.Equal([KeyValuePair.Create(service, 1)], counters[2].ToTally().ByService);
        var codes = CodeSets.Shared(["account", service]);
        Assert.Same(codes, CodeSets.Shared(["account", service]));
        Assert.NotSame(codes, CodeSets.Shared([service]));
    }

    private static Tally Afresh(List<RecordGroup> helps)
    {
        ImmutableSortedDictionary<string, int> By(Func<RecordGroup, string?> code) => helps.Where(h => code(h) is not null)
            .GroupBy(h => code(h)!).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return Tally.Empty with
        {
            Helps = helps.Count,
            Minutes = helps.Sum(h => h.Minutes),
            ByService = By(h => h.Service),
            ByChannel = By(h => h.Channel),
            ByOutcome = By(h => h.Outcome),
            ByProcedure = By(h => h.Procedure),
        };
    }

    private static void AssertSame(Tally expected, Tally actual)
    {
        Assert.Equal((expected.Helps, expected.Minutes), (actual.Helps, actual.Minutes));
        Assert.Equal(expected.ByService, actual.ByService);
        Assert.Equal(expected.ByChannel, actual.ByChannel);
        Assert.Equal(expected.ByOutcome, actual.ByOutcome);
        Assert.Equal(expected.ByProcedure, actual.ByProcedure);
    }
}

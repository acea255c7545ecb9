using Volunteers.Tallies;
using Volunteers.Volunteering;

namespace Volunteers.Tests.Hosting;

[Collection(SqliteCluster.Name)]
public sealed class GrainReferenceTests(ClusterFixture fixture)
{
    [Fact]
    public void A_reference_names_the_grain_and_interface_that_Orleans_resolves_for_each_key()
    {
        // The second key of each interface takes the resolved types; a key kept from the first would show here.
        foreach (var key in new[] { "c-refsaaaaa/t-refsaaaaa", "c-refsbbbbb/t-refsbbbbb" })
        {
            AssertSame(fixture.Grains.GetGrain<ITallyGrain>(key), fixture.Grains.Reference<ITallyGrain>(key));
            AssertSame(fixture.Grains.GetGrain<IVolunteerDayGrain>(key), fixture.Grains.Reference<IVolunteerDayGrain>(key));
        }
    }

    [Fact]
    public async Task A_call_through_a_reference_reaches_its_grain()
    {
        var tally = await fixture.Grains.Reference<ITallyGrain>("c-refsccccc/t-refsccccc").Held();

        Assert.Equal(0, tally.Helps);
    }

    private static void AssertSame(IAddressable expected, IAddressable actual)
    {
        Assert.Equal(expected.GetGrainId(), actual.GetGrainId());
        Assert.Equal(((GrainReference)expected).InterfaceType, ((GrainReference)actual).InterfaceType);
        Assert.Equal(expected, actual);
    }
}

using System.Collections.Immutable;
using Volunteers.Accounts;

namespace Volunteers.Tests.Accounts;

public sealed class SocketTicketTests(CallCountingCluster fixture) : IClassFixture<CallCountingCluster>
{
    [Fact]
    public async Task A_ticket_goes_once_redeemed_long_before_its_minute_and_a_replay_finds_nothing()
    {
        var ticket = fixture.Grains.GetGrain<ISocketTicketGrain>(Guid.NewGuid().ToString("N"));
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        var claims = ImmutableDictionary<string, string>.Empty.Add("sub", "o-ticket");
        await ticket.Hold(claims);

        var redeemed = await ticket.Redeem();
        // Eventually gives up after 10 s, well inside the ticket's minute: going is the redemption's doing, not the timer's.
        await Eventually.Holds(async () => await management.GetGrainActivationCount((GrainReference)ticket) == 0);
        var replayed = await ticket.Redeem();
        await Eventually.Holds(async () => await management.GetGrainActivationCount((GrainReference)ticket) == 0);

        Assert.Equal(claims, redeemed);
        Assert.Null(replayed);
    }
}

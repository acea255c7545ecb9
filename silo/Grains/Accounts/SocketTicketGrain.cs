using System.Collections.Immutable;
using Orleans.Placement;

namespace Volunteers.Accounts;

/// <summary>
/// Kept in memory only: a ticket lost with its silo fails its socket, whose client asks for another. Not moved by the
/// rebalancer, which would lose it the same way. Goes when its minute is up, used or not: a spent ticket replayed
/// within it (from a proxy's log, say) finds this activation empty instead of making a new one each time.
/// </summary>
[Immovable]
public sealed class SocketTicketGrain : Grain, ISocketTicketGrain
{
    private ImmutableDictionary<string, string>? _claims;

    public Task Hold(ImmutableDictionary<string, string> claims)
    {
        _claims = claims;
        GoneAfterAnswering.GoesIn(this, SocketTickets.ValidFor);
        return Task.CompletedTask;
    }

    public Task<ImmutableDictionary<string, string>?> Redeem()
    {
        var claims = _claims;
        _claims = null;
        return Task.FromResult(claims);
    }
}

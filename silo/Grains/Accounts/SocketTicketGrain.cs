using System.Collections.Immutable;
using Orleans.Placement;

namespace Volunteers.Accounts;

/// <summary>
/// Kept in memory only: a ticket lost with its silo fails its socket, whose client asks for another. Not moved by the
/// rebalancer, which would lose it the same way. Goes when its minute is up, or once it has answered a redemption:
/// kept for the minute, the spent tickets of 10,000 dashboards that had just connected held ~1.8 KB of activation each (gcdump).
/// A spent ticket replayed within its minute (from a proxy's log, say) makes an empty activation that answers null and
/// goes the same way.
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
        DeactivateOnIdle();
        return Task.FromResult(claims);
    }
}

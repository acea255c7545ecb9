using Orleans.Placement;

namespace Volunteers.Accounts;

/// <summary>
/// Kept in memory only: a pass lost with its silo fails its socket, whose client asks for another. Not moved by the
/// rebalancer, which would lose it the same way. Goes once used or expired, so it outlives its minute by nothing.
/// </summary>
[Immovable]
public sealed class SocketTicketGrain : Grain, ISocketTicketGrain
{
    private SocketTicket? _ticket;

    public Task Hold(SocketTicket ticket)
    {
        _ticket = ticket;
        GoneAfterAnswering.GoesIn(this, SocketTicket.ValidFor);
        return Task.CompletedTask;
    }

    public Task<SocketTicket?> Redeem()
    {
        var ticket = _ticket;
        _ticket = null;
        DeactivateOnIdle();
        return Task.FromResult(ticket);
    }
}

using Microsoft.AspNetCore.SignalR;
using Volunteers.Api.Access;
using Volunteers.Api.Accounts;
using Volunteers.Api.Counting;

namespace Volunteers.Api.Live;

/// <summary>What the hub sends to a dashboard.</summary>
public interface ILiveClient
{
    Task Update(LiveUpdate update);
}

/// <summary>
/// Live campaign-day counts for dashboards, at <c>/hubs/live</c>.
/// <para>The client protocol:</para>
/// <list type="number">
/// <item><c>Subscribe(campaignId, scopeId)</c> follows the whole campaign (scopeId null or the campaign id),
/// a unit of its tree (province, district, ward) or a team, and returns a snapshot: <see cref="LiveCounts"/>,
/// the GraphQL <c>Counts</c> of that scope field for field. Calling it again for a followed scope only
/// returns a fresh snapshot. Refusals (an unknown id, a volunteer, a scope the caller may not see: FORBIDDEN, or
/// UNAUTHENTICATED without a token) come back as a HubException whose message starts with the error code. The
/// connection signs in with a one-time ticket (Mutation.socketTicket) in its ticket query parameter, as browsers
/// cannot set headers there, or with the access token in access_token as stock clients send it.</item>
/// <item>Then <c>Update(LiveUpdate)</c> arrives whenever the scope's counts change: the first change after a
/// quiet spell at once, then at most ten times a second, and less often the more dashboards follow the scope
/// on the node (once a second at the slowest): <c>counts</c>, again whole, and <c>recent</c>, the newest helps
/// (up to 20) counted since the previous update (service, channel, outcome, place, team, ward, time; nothing
/// about the citizen or the volunteer) for the ticker.</item>
/// <item>Every counts message, snapshot or update, carries <c>version</c>, which only grows for a scope.
/// Keep the counts of the highest version seen per (campaignId, scopeId) and ignore counts with a version
/// not higher than that (an update may overtake the snapshot); always show <c>recent</c>, which is never
/// repeated. Counts are whole in each message, so a missed update costs no figure.</item>
/// <item>After a reconnect the server knows nothing of the old connection: call <c>Subscribe</c> again for
/// each scope and take the snapshots (the same holds after any gap, e.g. a tab woken from sleep).</item>
/// <item><c>Unsubscribe(campaignId, scopeId)</c> stops the updates; closing the connection stops all.</item>
/// <item>A signed-in connection is closed when its access token expires or its session is signed out or revoked,
/// or its account deleted or locked: reconnect with a fresh token.</item>
/// </list>
/// </summary>
public sealed class LiveHub(LiveFeed feed, CountsReader reader, SessionCheck sessions, LiveConnections connections) : Hub<ILiveClient>
{
    /// <summary>The name this method has in the access matrix: it is decided as Query.counts is.</summary>
    public const string SubscribeOperation = "Hub.Subscribe";

    public async Task<LiveCounts> Subscribe(string campaignId, string? scopeId)
    {
        var followed = Followed();
        if (!await sessions.StillMayAct(Context.User))
        {
            Context.Abort();
            throw new HubException($"{AccessMiddleware.Unauthenticated}: the access token expired or its session ended; sign in again.");
        }
        var access = RequestAccess.For(Context.User, Context.GetHttpContext()!.RequestServices);
        try
        {
            if (!await AccessRules.MayFollow(access, await reader.Read(campaignId, scopeId)))
            {
                throw AccessMiddleware.Denied(access.Caller, SubscribeOperation);
            }
            var (key, counts) = await feed.Follow(campaignId, scopeId);
            if (!followed.Add(key))
            {
                // Already followed by this connection: the snapshot stands, the extra follow does not.
                await feed.Leave(key);
                return LiveCounts.From(counts);
            }
            await Groups.AddToGroupAsync(Context.ConnectionId, key);
            // Taken again after joining: an update sent while joining is in it, so none is missed.
            return LiveCounts.From(feed.Current(key) ?? counts);
        }
        catch (DomainException refused)
        {
            var refusal = AccessMiddleware.AsSeenBy(access.Caller, SubscribeOperation, refused);
            throw new HubException($"{refusal.Code}: {refusal.Message}");
        }
    }

    public async Task Unsubscribe(string campaignId, string? scopeId)
    {
        var key = ScopeWatch.KeyOf(campaignId, scopeId);
        if (Followed().Remove(key))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, key);
            await feed.Leave(key);
        }
    }

    public override Task OnConnectedAsync()
    {
        connections.Open(Context.ConnectionId, sessions.Watch(Context.User, Context.Abort));
        return base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var dashboard = connections.Close(Context.ConnectionId);
        dashboard.Watch.Dispose();
        // SignalR forgets the connection's groups by itself; the node's watches are counted here.
        foreach (var key in dashboard.Followed)
        {
            await feed.Leave(key);
        }
        await base.OnDisconnectedAsync(exception);
    }

    private HashSet<string> Followed() => connections.Of(Context.ConnectionId).Followed;
}

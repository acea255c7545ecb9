namespace Volunteers.Bench;

/// <summary>
/// The order in which each client's volunteers log: all of them in turn, in an order shuffled once, so that every
/// volunteer logs again after the same interval (their client's volunteers over the client's pace) and the clients
/// together spread over the teams. Picked at random, the intervals were exponential: in the growth turns, where the
/// 100,000 api is logged to 5 s of every 18, at a mean of ~87 s about a quarter of them (e^(-120/87)) passed the 2 idle
/// minutes after which a volunteer's day then went, so the largest size alone kept reactivating days (its api's samples
/// in activating, collecting and deactivating grains were 4.7 % against 2.2 % at 10,000, by perf).
/// </summary>
public sealed class Rota
{
    private readonly Member[][] _members;
    private readonly int[] _next;
    private long _picks;

    public Rota(IReadOnlyList<Member> members, int clients, int seed)
    {
        var random = new Random(seed);
        _members = [.. Enumerable.Range(0, clients).Select(client =>
        {
            var mine = members.Where((_, i) => i % clients == client).ToArray();
            random.Shuffle(mine);
            return mine;
        })];
        _next = new int[clients];
    }

    /// <summary>Volunteers picked so far, all clients together.</summary>
    public long Picks => Interlocked.Read(ref _picks);

    /// <summary>The client's next volunteer, none if it has none. Each client asks for its own alone, one help at a time.</summary>
    public Member? Next(int client)
    {
        var mine = _members[client];
        if (mine.Length == 0)
        {
            return null;
        }
        Interlocked.Increment(ref _picks);
        return mine[_next[client]++ % mine.Length];
    }
}

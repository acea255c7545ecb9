using System.Collections.Immutable;

namespace Volunteers.Tallies;

/// <summary>
/// The helps counted since the last report or notice, newest kept. The ticker is best effort:
/// what a failed report carried is not sent again, while the counts it carried always are.
/// The queue lives only between a help and the report that carries it: a working volunteer's day
/// holds one for 100 ms in 50 s, and a drained queue keeps its array (280 bytes a volunteer day).
/// </summary>
internal sealed class RecentHelps
{
    private Queue<HelpEvent>? _helps;

    public void Add(HelpEvent help)
    {
        _helps ??= new();
        if (_helps.Count == HelpEvent.MaxPerReport)
        {
            _helps.Dequeue();
        }
        _helps.Enqueue(help);
    }

    public void AddRange(ImmutableArray<HelpEvent> helps)
    {
        foreach (var help in helps)
        {
            Add(help);
        }
    }

    public ImmutableArray<HelpEvent> Drain()
    {
        if (_helps is null)
        {
            return [];
        }
        ImmutableArray<HelpEvent> drained = [.. _helps];
        _helps = null;
        return drained;
    }
}

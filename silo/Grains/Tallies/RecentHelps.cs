using System.Collections.Immutable;

namespace Volunteers.Tallies;

/// <summary>
/// The helps counted since the last report or notice, newest kept. The ticker is best effort:
/// what a failed report carried is not sent again, while the counts it carried always are.
/// </summary>
internal sealed class RecentHelps
{
    private readonly Queue<HelpEvent> _helps = new();

    public void Add(HelpEvent help)
    {
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
        if (_helps.Count == 0)
        {
            return [];
        }
        ImmutableArray<HelpEvent> drained = [.. _helps];
        _helps.Clear();
        return drained;
    }
}

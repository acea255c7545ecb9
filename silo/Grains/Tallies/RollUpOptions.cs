namespace Volunteers.Tallies;

public sealed class RollUpOptions
{
    /// <summary>
    /// How often a level above the teams asks its child levels what they hold: one timer a level stands in
    /// for the heartbeat each volunteer beat before (10,000 calls/s at 100,000 volunteers; this is ~50). It
    /// reactivates a child level that died with a change it had not passed up, and keeps the levels of a
    /// running campaign active, so no read has to rebuild one from its volunteers.
    /// </summary>
    public TimeSpan AskLevelsEvery { get; set; } = TimeSpan.FromSeconds(10);
}

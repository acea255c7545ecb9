namespace Volunteers.Hosting;

/// <summary>
/// Whether this silo has begun to stop: set before it deactivates its grains, so a timer can leave alone the grains
/// it would otherwise wake. A silo that stops takes no new activation, not even of a grain it deactivated a moment
/// before, and Orleans retries each such placement before it fails: at 100,000 volunteers, the roll-up levels asking
/// children that were already gone logged 348 errors and held the stop up for 5.8 s.
/// </summary>
public sealed class SiloStopping : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _stopping;

    public bool IsStopping => _stopping;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloStopping), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ =>
        {
            _stopping = true;
            return Task.CompletedTask;
        });
}

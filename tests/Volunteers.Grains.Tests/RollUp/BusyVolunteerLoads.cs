using Microsoft.Extensions.DependencyInjection;
using Volunteers.Tallies;

namespace Volunteers.Tests.RollUp;

/// <summary>A silo restarting under a large campaign: every volunteer load of the silo is taken until released.</summary>
internal sealed class BusyVolunteerLoads : IAsyncDisposable
{
    private readonly TaskCompletionSource<Tally> _databaseAnswers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task<Tally>> _busy;

    public BusyVolunteerLoads(ClusterFixture fixture)
    {
        var loads = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<VolunteerLoads>();
        _busy = [.. Enumerable.Range(0, VolunteerLoads.AtOnce).Select(_ => loads.Run(() => _databaseAnswers.Task))];
    }

    public void Release() => _databaseAnswers.TrySetResult(Tally.Empty);

    public async ValueTask DisposeAsync()
    {
        Release();
        await Task.WhenAll(_busy);
    }
}

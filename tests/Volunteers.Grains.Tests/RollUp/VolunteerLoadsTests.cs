using Volunteers.Tallies;

namespace Volunteers.Tests.RollUp;

public sealed class VolunteerLoadsTests
{
    [Fact]
    public async Task A_burst_of_volunteer_loads_runs_a_bounded_number_at_once_and_every_load_finishes()
    {
        using var loads = new VolunteerLoads();
        var databaseAnswers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var most = 0;
        var counting = new Lock();

        // What a campaign level's first activation asks of a silo: every volunteer at once.
        var burst = Enumerable.Range(0, 10 * VolunteerLoads.AtOnce).Select(i => loads.Run(async () =>
        {
            lock (counting)
            {
                most = Math.Max(most, ++running);
            }
            await databaseAnswers.Task;
            lock (counting)
            {
                running--;
            }
            return i;
        })).ToList();
        int waitingForTheDatabase;
        lock (counting)
        {
            waitingForTheDatabase = running;
        }
        databaseAnswers.SetResult();

        Assert.Equal(Enumerable.Range(0, 10 * VolunteerLoads.AtOnce), await Task.WhenAll(burst));
        Assert.Equal(VolunteerLoads.AtOnce, waitingForTheDatabase);
        Assert.Equal(VolunteerLoads.AtOnce, most);
    }
}

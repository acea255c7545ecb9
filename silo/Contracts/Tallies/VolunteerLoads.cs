namespace Volunteers.Tallies;

/// <summary>
/// Bounds how many volunteers are read at once: by the levels of one silo (a singleton), or by one
/// end-of-day report, which reads every volunteer on its rosters. A level that activates
/// asks every child, so the first counts after a restart reach every volunteer of the campaign in one
/// burst, and each volunteer that activates reads its state and recounts its records. With 100,000
/// volunteers on PostgreSQL that burst outran the connection pool: pool timeouts, failed activations,
/// expired messages and a silo that stopped answering. Queued here, they reach the database at most
/// this many at a time. A level activates before its volunteers answer, so the reports of volunteers who
/// change meanwhile reach it; what it answers, and its first report up, wait until all of them have.
/// </summary>
public sealed class VolunteerLoads : IDisposable
{
    /// <summary>Well below Npgsql's default pool of 100, leaving connections for logging and storage.</summary>
    public const int AtOnce = 32;

    private readonly SemaphoreSlim _slots = new(AtOnce);

    public async Task<T> Run<T>(Func<Task<T>> load)
    {
        await _slots.WaitAsync();
        try
        {
            return await load();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}

using System.Data.Common;
using Orleans.Concurrency;
using Volunteers.Health;

namespace Volunteers.Storage;

/// <summary>A worker on the silo it is called on, so a silo's readiness reports its own connection to the database.</summary>
[StatelessWorker]
public sealed class StorageProbeGrain(Database database) : Grain, IStorageProbeGrain
{
    public async Task<StorageProbe> Probe()
    {
        try
        {
            await using var connection = await database.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync();
            return new StorageProbe(true, $"{database.Provider} answers.");
        }
        catch (DbException exception)
        {
            return new StorageProbe(false, $"{database.Provider} does not answer: {exception.Message}");
        }
    }
}
